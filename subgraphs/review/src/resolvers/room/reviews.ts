import { pageItems } from "@airbnb/kernel";
import { loaderFor } from "@airbnb/service";
import { presentReview } from "../presenter.ts";
import type { Resolver, ReviewApp, RoomKey } from "../types.ts";

/** Newest first; the rooms of one request are read in one query (one loader per page). */
export const roomReviews = (app: ReviewApp): Resolver<{ first?: number | null; after?: string | null }, RoomKey> => async (room, page, ctx) => {
  const loader = loaderFor(ctx, `room-reviews:${page.first}:${page.after}`, (ids) => app.reads.latest(ids, page), (r) => r.roomId);
  return pageItems((await loader.load(room.id))?.reviews ?? []).map(presentReview);
};
