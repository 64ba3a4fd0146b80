import type { Review } from "../domain/review.ts";

/** The Review as the schema shows it; `room` is resolved from roomId by its own resolver. */
export const presentReview = (review: Review) => ({
  __typename: "Review" as const,
  id: review.id,
  roomId: review.roomId,
  guestId: review.guestId,
  rating: review.rating,
  comment: review.comment,
  createdAt: review.createdAt.toISOString(),
});

export type PresentedReview = ReturnType<typeof presentReview>;
