import { DomainError } from "@airbnb/kernel";
import type { Stay } from "./stay.ts";

export interface ReviewDetails {
  rating: number;
  comment: string;
}

export interface Review extends ReviewDetails {
  id: string;
  /** The stay it reviews: one review per stay. */
  reservationId: string;
  roomId: string;
  guestId: string;
  createdAt: Date;
}

/** A room's review totals; the average is derived so that it never drifts from them. */
export interface RoomRating {
  roomId: string;
  reviewCount: number;
  ratingSum: number;
}

export const reviewNotAllowed = (why: string) => new DomainError("REVIEW_NOT_ALLOWED", `you cannot review this room: ${why}`);

/**
 * Only a guest's own CONFIRMED stay in the room that has begun (check-in day
 * `today` or earlier, UTC) may be reviewed; the caller passes the stay it found
 * still unreviewed (the earliest), or null when there is none.
 */
export function writeReview(stay: Stay | null, guestId: string, roomId: string, details: ReviewDetails, id: string, today: string, now: Date): Review {
  if (!stay || stay.guestId !== guestId || stay.roomId !== roomId || stay.status !== "CONFIRMED") {
    throw reviewNotAllowed("no confirmed stay of yours in this room is left to review");
  }
  if (stay.checkIn > today) throw reviewNotAllowed("your stay has not begun yet");
  return { id, reservationId: stay.reservationId, roomId, guestId, ...details, createdAt: now };
}

export const noRating = (roomId: string): RoomRating => ({ roomId, reviewCount: 0, ratingSum: 0 });

/** Null while the room has no review: there is no average of nothing. */
export const averageRating = ({ reviewCount, ratingSum }: RoomRating): number | null =>
  reviewCount === 0 ? null : ratingSum / reviewCount;
