import type { Page } from "@airbnb/kernel";
import type { DomainEvent } from "@airbnb/events";
import type { Review, RoomRating } from "../domain/review.ts";
import type { KnownRoomStatus, Stay, StayChange } from "../domain/stay.ts";

export interface ReviewQueries {
  findMany(ids: readonly string[]): Promise<Review[]>;
  /** Each room's newest reviews (created_at, then id), at most `page.first` per room, after `page.after` (a review of that room). */
  latestByRoom(roomIds: readonly string[], page: Page): Promise<Map<string, Review[]>>;
  /** The room a review is of, or null when there is no such review. */
  roomOf(reviewId: string): Promise<string | null>;
  ratings(roomIds: readonly string[]): Promise<RoomRating[]>;
}

export interface ReviewStore extends ReviewQueries {
  /** The room's status as its events told it; null for a room never announced. */
  roomStatus(roomId: string): Promise<KnownRoomStatus | null>;
  /** The guest's earliest CONFIRMED stay in the room that has no review yet. */
  findReviewableStay(guestId: string, roomId: string): Promise<Stay | null>;
  /**
   * Saves the review, the room's totals and the event in one transaction.
   * False when the stay already has a review (a concurrent submission won).
   */
  saveReview(review: Review, event: DomainEvent): Promise<boolean>;
}

/** The stays (and rooms) kept from other contexts' events; `event` makes applying it idempotent. */
export interface StayLedger {
  record(event: DomainEvent, change: StayChange): Promise<void>;
  recordRoom(event: DomainEvent, roomId: string, status: KnownRoomStatus): Promise<void>;
}

/**
 * Looks a replicated fact up again while events that may bring it are still
 * in flight (read-your-writes across contexts); null when it really is absent.
 */
export type ReplicaLookup = <T>(lookup: () => Promise<T | null>) => Promise<T | null>;
