import { loaderFor } from "@airbnb/service";
import { presentReview } from "../presenter.ts";
import type { Resolver, ReviewApp, RoomKey } from "../types.ts";

/** Newest first; the rooms of one request are read in one query (one loader per `first`). */
export const roomReviews = (app: ReviewApp): Resolver<{ first?: number | null }, RoomKey> => async (room, { first }, ctx) => {
  const loader = loaderFor(ctx, `room-reviews:${first}`, (ids) => app.reads.latest(ids, first), (r) => r.roomId);
  return ((await loader.load(room.id))?.reviews ?? []).map(presentReview);
};
