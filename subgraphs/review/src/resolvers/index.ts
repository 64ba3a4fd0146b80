import { DateTime } from "@airbnb/service";
import type { Resolvers } from "../generated/graphql.ts";
import { writeReview } from "./mutation/write-review.ts";
import { resolveReviewReference } from "./review/reference.ts";
import { reviewRoom } from "./review/room.ts";
import { averageRating } from "./room/average-rating.ts";
import { resolveRoomReference } from "./room/reference.ts";
import { reviewCount } from "./room/review-count.ts";
import { roomReviews } from "./room/reviews.ts";
import type { ReviewApp } from "./types.ts";

export const reviewResolvers = (app: ReviewApp): Resolvers => ({
  DateTime,
  Mutation: { writeReview: writeReview(app) },
  Review: { __resolveReference: resolveReviewReference(app), room: reviewRoom },
  Room: {
    __resolveReference: resolveRoomReference,
    reviews: roomReviews(app),
    reviewCount: reviewCount(app),
    averageRating: averageRating(app),
  },
});
