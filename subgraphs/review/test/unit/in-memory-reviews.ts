import type { DomainEvent } from "@airbnb/events";
import type { Page } from "@airbnb/kernel";
import type { ReviewStore, StayLedger } from "../../src/application/ports.ts";
import type { Review, RoomRating } from "../../src/domain/review.ts";
import type { KnownRoomStatus, Stay, StayChange } from "../../src/domain/stay.ts";

/** The review context's store and stay ledger with the database's guarantees: one review per stay, each event applied once. */
export class InMemoryReviews implements ReviewStore, StayLedger {
  readonly reviews: Review[] = [];
  readonly stays = new Map<string, Stay>();
  readonly rooms = new Map<string, KnownRoomStatus>();
  readonly published: DomainEvent[] = [];
  private readonly applied = new Set<string>();

  async findMany(ids: readonly string[]) {
    return this.reviews.filter((r) => ids.includes(r.id));
  }
  async latestByRoom(roomIds: readonly string[], page: Page) {
    return new Map(roomIds.map((roomId) => [roomId, this.reviews.filter((r) => r.roomId === roomId).reverse().slice(0, page.first)]));
  }
  async roomOf(reviewId: string) {
    return this.reviews.find((r) => r.id === reviewId)?.roomId ?? null;
  }
  async ratings(roomIds: readonly string[]): Promise<RoomRating[]> {
    return roomIds.flatMap((roomId) => {
      const of = this.reviews.filter((r) => r.roomId === roomId);
      return of.length === 0 ? [] : [{ roomId, reviewCount: of.length, ratingSum: of.reduce((sum, r) => sum + r.rating, 0) }];
    });
  }
  async roomStatus(roomId: string) {
    return this.rooms.get(roomId) ?? null;
  }
  async findReviewableStay(guestId: string, roomId: string) {
    const open = [...this.stays.values()].filter((s) => s.guestId === guestId && s.roomId === roomId && s.status === "CONFIRMED" && !this.reviews.some((r) => r.reservationId === s.reservationId));
    return open.sort((a, b) => a.checkIn.localeCompare(b.checkIn) || a.reservationId.localeCompare(b.reservationId))[0] ?? null;
  }
  async saveReview(review: Review, event: DomainEvent) {
    if (this.reviews.some((r) => r.reservationId === review.reservationId)) return false;
    this.reviews.push(review);
    this.published.push(event);
    return true;
  }
  async record(event: DomainEvent, change: StayChange) {
    if (!this.once(event)) return;
    const known = this.stays.get(change.stay.reservationId);
    if (change.type === "StayConfirmed" && known) return;
    this.stays.set(change.stay.reservationId, change.stay);
  }
  async recordRoom(event: DomainEvent, roomId: string, status: KnownRoomStatus) {
    if (!this.once(event)) return;
    if (this.rooms.get(roomId) !== "DELISTED") this.rooms.set(roomId, status);
  }

  private once(event: DomainEvent): boolean {
    if (this.applied.has(event.id)) return false;
    this.applied.add(event.id);
    return true;
  }
}
