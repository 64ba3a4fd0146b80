import { pageItems } from "@airbnb/kernel";
import { loaderFor } from "@airbnb/service";
import type { RoomResolvers } from "../../generated/graphql.ts";
import type { ReviewApp } from "../types.ts";

/** Newest first; the rooms of one request are read in one query (one loader per page). */
export const roomReviews = (app: ReviewApp): RoomResolvers["reviews"] => async (room, page, ctx) => {
  const loader = loaderFor(ctx, `room-reviews:${page.first}:${page.after}`, (ids) => app.reads.latest(ids, page), (r) => r.roomId);
  return pageItems((await loader.load(room.id))?.reviews ?? []);
};
