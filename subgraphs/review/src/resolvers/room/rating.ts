import { loaderFor, type RequestContext } from "@airbnb/service";
import { noRating } from "../../domain/review.ts";
import type { ReviewApp } from "../types.ts";

/** reviewCount and averageRating of a request's rooms share one query. */
export const ratingOf = async (app: ReviewApp, roomId: string, ctx: RequestContext) =>
  (await loaderFor(ctx, "room-ratings", (ids) => app.reads.ratings(ids), (r) => r.roomId).load(roomId)) ?? noRating(roomId);
