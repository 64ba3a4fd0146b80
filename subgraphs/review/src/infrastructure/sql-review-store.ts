import type { Page } from "@airbnb/kernel";
import { appendToOutbox, postgresErrorCode, UNIQUE_VIOLATION, type Database, type OutboxRelay } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { ReviewStore } from "../application/ports.ts";
import type { Review, RoomRating } from "../domain/review.ts";
import type { KnownRoomStatus, Stay } from "../domain/stay.ts";

const isUniqueViolation = (error: unknown) => postgresErrorCode(error) === UNIQUE_VIOLATION;

export class SqlReviewStore implements ReviewStore {
  constructor(private readonly db: Database, private readonly relay: OutboxRelay) {}

  findMany(ids: readonly string[]): Promise<Review[]> {
    return this.db.query<Review>`
      SELECT id, reservation_id, room_id, guest_id, rating, comment, created_at FROM reviews WHERE id = ANY(${ids}::uuid[])`;
  }

  async latestByRoom(roomIds: readonly string[], { first, after }: Page): Promise<Map<string, Review[]>> {
    // One query for all rooms, still at most `first` rows each (the room/created_at index serves every lateral scan);
    // keyset pages: (created_at, id) is a total order, so a page never repeats or skips a row.
    const rows = await this.db.query<Review>`
      SELECT r.id, r.reservation_id, r.room_id, r.guest_id, r.rating, r.comment, r.created_at
      FROM unnest(${roomIds}::text[]) AS room(id)
      CROSS JOIN LATERAL (
        SELECT * FROM reviews WHERE reviews.room_id = room.id
          AND (${after}::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM reviews WHERE id = ${after}::uuid))
        ORDER BY created_at DESC, id DESC LIMIT ${first}
      ) AS r`;
    const byRoom = new Map<string, Review[]>();
    for (const row of rows) byRoom.set(row.roomId, [...(byRoom.get(row.roomId) ?? []), row]);
    return byRoom;
  }

  async roomOf(reviewId: string): Promise<string | null> {
    const [row] = await this.db.query<{ roomId: string }>`SELECT room_id FROM reviews WHERE id = ${reviewId}::uuid`;
    return row?.roomId ?? null;
  }

  ratings(roomIds: readonly string[]): Promise<RoomRating[]> {
    return this.db.query<RoomRating>`
      SELECT room_id, review_count, rating_sum FROM room_ratings WHERE room_id = ANY(${roomIds}::text[])`;
  }

  async roomStatus(roomId: string): Promise<KnownRoomStatus | null> {
    const [room] = await this.db.query<{ status: KnownRoomStatus }>`SELECT status FROM known_rooms WHERE room_id = ${roomId}`;
    return room?.status ?? null;
  }

  async findReviewableStay(guestId: string, roomId: string): Promise<Stay | null> {
    const [stay] = await this.db.query<Stay>`
      SELECT reservation_id, room_id, guest_id, check_in, check_out, status FROM stays
      WHERE guest_id = ${guestId} AND room_id = ${roomId} AND status = 'CONFIRMED'
        AND NOT EXISTS (SELECT 1 FROM reviews WHERE reviews.reservation_id = stays.reservation_id)
      ORDER BY check_in, reservation_id LIMIT 1`;
    return stay ?? null;
  }

  async saveReview(review: Review, event: DomainEvent): Promise<boolean> {
    const { id, reservationId, roomId, guestId, rating, comment, createdAt } = review;
    try {
      await this.db.transaction(async (tx) => {
        await tx.execute`
          INSERT INTO reviews (id, reservation_id, room_id, guest_id, rating, comment, created_at)
          VALUES (${id}::uuid, ${reservationId}, ${roomId}, ${guestId}, ${rating}, ${comment}, ${createdAt})`;
        await tx.execute`
          INSERT INTO room_ratings (room_id, review_count, rating_sum) VALUES (${roomId}, 1, ${rating})
          ON CONFLICT (room_id) DO UPDATE
          SET review_count = room_ratings.review_count + 1, rating_sum = room_ratings.rating_sum + EXCLUDED.rating_sum`;
        await appendToOutbox(tx, [event]);
      });
    } catch (error) {
      // The only unique key a review can collide on is its stay's: another submission reviewed it first.
      if (isUniqueViolation(error)) return false;
      throw error;
    }
    this.relay.kick();
    return true;
  }
}
