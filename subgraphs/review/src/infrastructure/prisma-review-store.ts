import { appendToOutbox, postgresErrorCode, UNIQUE_VIOLATION, type OutboxRelay } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { ReviewStore } from "../application/ports.ts";
import type { Review, RoomRating } from "../domain/review.ts";
import type { Stay } from "../domain/stay.ts";
import type { PrismaClient, Review as ReviewRow } from "./generated/prisma/client.ts";
import { toReview, toStay } from "./rows.ts";

const isUniqueViolation = (error: unknown) => postgresErrorCode(error) === UNIQUE_VIOLATION;

export class PrismaReviewStore implements ReviewStore {
  constructor(private readonly db: PrismaClient, private readonly relay: OutboxRelay) {}

  async findMany(ids: readonly string[]): Promise<Review[]> {
    return (await this.db.review.findMany({ where: { id: { in: [...ids] } } })).map(toReview);
  }

  async latestByRoom(roomIds: readonly string[], first: number): Promise<Map<string, Review[]>> {
    // One query for all rooms, still at most `first` rows each (the room/created_at index serves every lateral scan).
    const rows = await this.db.$queryRaw<ReviewRow[]>`
      SELECT r.id::text AS id, r.reservation_id AS "reservationId", r.room_id AS "roomId", r.guest_id AS "guestId",
             r.rating, r.comment, r.created_at AS "createdAt"
      FROM unnest(${[...roomIds]}::text[]) AS room(id)
      CROSS JOIN LATERAL (
        SELECT * FROM reviews WHERE reviews.room_id = room.id ORDER BY created_at DESC, id DESC LIMIT ${first}
      ) AS r`;
    const byRoom = new Map<string, Review[]>();
    for (const row of rows) byRoom.set(row.roomId, [...(byRoom.get(row.roomId) ?? []), toReview(row)]);
    return byRoom;
  }

  ratings(roomIds: readonly string[]): Promise<RoomRating[]> {
    return this.db.roomRating.findMany({ where: { roomId: { in: [...roomIds] } } });
  }

  async findReviewableStay(guestId: string, roomId: string): Promise<Stay | null> {
    const row = await this.db.stay.findFirst({
      where: { guestId, roomId, status: "CONFIRMED", review: { is: null } },
      orderBy: [{ checkIn: "asc" }, { reservationId: "asc" }],
    });
    return row && toStay(row);
  }

  async saveReview(review: Review, event: DomainEvent): Promise<boolean> {
    try {
      await this.db.$transaction(async (tx) => {
        await tx.review.create({ data: review });
        await tx.$executeRaw`
          INSERT INTO room_ratings (room_id, review_count, rating_sum) VALUES (${review.roomId}, 1, ${review.rating})
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
