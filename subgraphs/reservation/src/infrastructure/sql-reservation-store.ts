import { appendToOutbox, EXCLUSION_VIOLATION, postgresErrorCode, UNIQUE_VIOLATION, type Database, type OutboxRelay } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { HoldOutcome, ReservationStore } from "../application/ports.ts";
import { nightsBetween } from "../domain/stay.ts";
import type { Reservation, ReservationStatus } from "../domain/reservation.ts";

type Row = Omit<Reservation, "nights">;

// Stored stays were validated when booked: only the nights are derived.
const toReservation = (row: Row): Reservation => ({ ...row, nights: nightsBetween(row.checkIn, row.checkOut) });

export class SqlReservationStore implements ReservationStore {
  constructor(private readonly db: Database, private readonly relay: OutboxRelay) {}

  async find(id: string): Promise<Reservation | null> {
    const [row] = await this.db.query<Row>`SELECT * FROM reservations WHERE id = ${id}::uuid`;
    return row ? toReservation(row) : null;
  }

  async findMany(ids: readonly string[]): Promise<Reservation[]> {
    return (await this.db.query<Row>`SELECT * FROM reservations WHERE id = ANY(${ids}::uuid[])`).map(toReservation);
  }

  async findByIdempotencyKey(guestId: string, idempotencyKey: string): Promise<Reservation | null> {
    const [row] = await this.db.query<Row>`
      SELECT * FROM reservations WHERE guest_id = ${guestId} AND idempotency_key = ${idempotencyKey}`;
    return row ? toReservation(row) : null;
  }

  async listByGuest(guestId: string): Promise<Reservation[]> {
    const rows = await this.db.query<Row>`
      SELECT * FROM reservations WHERE guest_id = ${guestId} ORDER BY created_at DESC LIMIT 500`;
    return rows.map(toReservation);
  }

  async listByRooms(roomIds: readonly string[], status: ReservationStatus | null): Promise<Reservation[]> {
    const rows = await this.db.query<Row>`
      SELECT * FROM reservations
      WHERE room_id = ANY(${roomIds}::uuid[]) AND (${status}::"ReservationStatus" IS NULL OR status = ${status}::"ReservationStatus")
      ORDER BY check_in`;
    return rows.map(toReservation);
  }

  async overlaps(roomId: string, checkIn: string, checkOut: string): Promise<boolean> {
    const found = await this.db.query`
      SELECT 1 FROM reservations
      WHERE room_id = ${roomId}::uuid AND status IN ('PENDING', 'CONFIRMED')
        AND check_in < ${checkOut}::date AND check_out > ${checkIn}::date
      LIMIT 1`;
    return found.length > 0;
  }

  async hold(r: Reservation): Promise<HoldOutcome> {
    try {
      await this.db.execute`
        INSERT INTO reservations (id, room_id, guest_id, host_id, check_in, check_out, guests, amount, status,
          payment_id, rejection_reason, idempotency_key, created_at, updated_at)
        VALUES (${r.id}::uuid, ${r.roomId}::uuid, ${r.guestId}, ${r.hostId}, ${r.checkIn}::date, ${r.checkOut}::date, ${r.guests},
          ${r.amount}, ${r.status}::"ReservationStatus", ${r.paymentId}::uuid, ${r.rejectionReason}, ${r.idempotencyKey},
          ${r.createdAt}, ${r.updatedAt})`;
      return "held";
    } catch (error) {
      const code = postgresErrorCode(error);
      if (code === EXCLUSION_VIOLATION) return "nights-taken";
      if (code === UNIQUE_VIOLATION) return "duplicate-key";
      throw error;
    }
  }

  async releaseAbandoned(before: Date, decide: (pending: Reservation) => { next: Reservation; event: DomainEvent }): Promise<number> {
    const released = await this.db.transaction(async (tx) => {
      const rows = await tx.query<Row>`
        SELECT * FROM reservations WHERE status = 'PENDING' AND created_at < ${before} LIMIT 100 FOR UPDATE SKIP LOCKED`;
      for (const row of rows) {
        const { next, event } = decide(toReservation(row));
        await tx.execute`
          UPDATE reservations SET status = ${next.status}::"ReservationStatus", rejection_reason = ${next.rejectionReason},
            updated_at = ${next.updatedAt}
          WHERE id = ${next.id}::uuid`;
        await appendToOutbox(tx, [event]);
      }
      return rows.length;
    });
    if (released > 0) this.relay.kick();
    return released;
  }

  /**
   * One statement (one round trip, its own transaction): the guarded update and
   * its outbox row commit together, and no row is written when the status moved on.
   */
  async transition(next: Reservation, from: ReservationStatus, event: DomainEvent, releaseKey = false): Promise<boolean> {
    const written = await this.db.execute`
      WITH moved AS (
        UPDATE reservations SET status = ${next.status}::"ReservationStatus", payment_id = ${next.paymentId}::uuid,
          rejection_reason = ${next.rejectionReason}, updated_at = ${next.updatedAt},
          idempotency_key = CASE WHEN ${releaseKey}::boolean THEN NULL ELSE idempotency_key END
        WHERE id = ${next.id}::uuid AND status = ${from}::"ReservationStatus"
        RETURNING id)
      INSERT INTO outbox (id, type, payload) SELECT ${event.id}::uuid, ${event.type}, ${JSON.stringify(event)}::jsonb FROM moved`;
    if (written === 0) return false;
    this.relay.kick();
    return true;
  }
}
