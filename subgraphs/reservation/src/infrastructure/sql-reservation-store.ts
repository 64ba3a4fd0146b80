import { appendToOutbox, EXCLUSION_VIOLATION, fragment, outboxInsert, postgresErrorCode, retryDeadlocks, UNIQUE_VIOLATION, type Database, type OutboxRelay } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import { nightsBetween, type Page } from "@airbnb/kernel";
import type { HoldOutcome, ReservationStore } from "../application/ports.ts";
import type { Reservation, ReservationStatus } from "../domain/reservation.ts";

type Row = Omit<Reservation, "nights">;

// Stored stays were validated when booked: only the nights are derived.
const toReservation = (row: Row): Reservation => ({ ...row, nights: nightsBetween(row.checkIn, row.checkOut) });

const ifMoved = fragment`WHERE EXISTS (SELECT 1 FROM moved)`;

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

  // Keyset pages: (created_at, id) is a total order, so a page never repeats or skips a row.
  async listByGuest(guestId: string, { first, after }: Page): Promise<Reservation[] | null> {
    const rows = await this.db.query<Row>`
      SELECT * FROM reservations WHERE guest_id = ${guestId} AND status <> 'PENDING'
        AND (${after}::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM reservations WHERE id = ${after}::uuid))
      ORDER BY created_at DESC, id DESC LIMIT ${first}`;
    if (after === null || rows.length > 0) return rows.map(toReservation);
    const [cursor] = await this.db.query`SELECT 1 FROM reservations WHERE id = ${after}::uuid AND guest_id = ${guestId} AND status <> 'PENDING'`;
    return cursor ? [] : null;
  }

  async listByRoom(roomId: string, status: ReservationStatus | null, { first, after }: Page): Promise<Reservation[] | null> {
    const rows = await this.db.query<Row>`
      SELECT * FROM reservations
      WHERE room_id = ${roomId}::uuid AND status <> 'PENDING' AND (${status}::"ReservationStatus" IS NULL OR status = ${status}::"ReservationStatus")
        AND (${after}::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM reservations WHERE id = ${after}::uuid))
      ORDER BY created_at DESC, id DESC LIMIT ${first}`;
    if (after === null || rows.length > 0) return rows.map(toReservation);
    const [cursor] = await this.db.query`
      SELECT 1 FROM reservations WHERE id = ${after}::uuid AND room_id = ${roomId}::uuid AND status <> 'PENDING'
        AND (${status}::"ReservationStatus" IS NULL OR status = ${status}::"ReservationStatus")`;
    return cursor ? [] : null;
  }

  async overlaps(roomId: string, checkIn: string, checkOut: string): Promise<boolean> {
    const found = await this.db.query`
      SELECT 1 FROM reservations
      WHERE room_id = ${roomId}::uuid AND status IN ('PENDING', 'CONFIRMED')
        AND check_in < ${checkOut}::date AND check_out > ${checkIn}::date
      LIMIT 1`;
    return found.length > 0;
  }

  /**
   * A hold and a confirmation of overlapping nights that run at the same instant can each find the
   * other's row version in progress and wait for it (exclusion constraints are checked that way):
   * Postgres rolls one back as a deadlock. Both are single statements: run again, each settles.
   */
  async hold(r: Reservation): Promise<HoldOutcome> {
    try {
      await retryDeadlocks(() => this.db.execute`
        INSERT INTO reservations (id, room_id, guest_id, host_id, check_in, check_out, guests, amount, status,
          payment_id, rejection_reason, idempotency_key, created_at, updated_at)
        VALUES (${r.id}::uuid, ${r.roomId}::uuid, ${r.guestId}, ${r.hostId}, ${r.checkIn}::date, ${r.checkOut}::date, ${r.guests},
          ${r.amount}, ${r.status}::"ReservationStatus", ${r.paymentId}::uuid, ${r.rejectionReason}, ${r.idempotencyKey},
          ${r.createdAt}, ${r.updatedAt})`);
      return "held";
    } catch (error) {
      const code = postgresErrorCode(error);
      if (code === EXCLUSION_VIOLATION) return "nights-taken";
      if (code === UNIQUE_VIOLATION) return "duplicate-key";
      throw error;
    }
  }

  async delistRoom(roomId: string, version: number, decide: (confirmed: Reservation[]) => Array<{ next: Reservation; event: DomainEvent }>): Promise<number> {
    const cancelled = await this.db.transaction(async (tx) => {
      // First, in a statement of its own: the lock on the replica row orders this against
      // confirmations, and the scan below (a new snapshot) sees every one that got in before.
      const delisted = await tx.execute`
        UPDATE room_replicas SET status = 'DELISTED', version = GREATEST(version, ${version}::int) WHERE id = ${roomId}::uuid`;
      // Its registration has not been applied yet; fail so the event is redelivered after it.
      if (delisted === 0) throw new Error(`room ${roomId} deleted before its registration was seen`);
      const confirmed = await tx.query<Row>`
        SELECT * FROM reservations WHERE room_id = ${roomId}::uuid AND status = 'CONFIRMED' FOR UPDATE`;
      const decided = decide(confirmed.map(toReservation));
      if (decided.length === 0) return 0;
      const rows = decided.map(({ next }) => next);
      await tx.execute`
        UPDATE reservations SET status = d.status::"ReservationStatus", cancelled_by = d.cancelled_by::"CancelledBy", updated_at = d.updated_at
        FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.cancelledBy)}::text[],
          ${rows.map((r) => r.updatedAt.toISOString())}::timestamptz[]) AS d(id, status, cancelled_by, updated_at)
        WHERE reservations.id = d.id`;
      await appendToOutbox(tx, decided.map(({ event }) => event));
      return decided.length;
    });
    if (cancelled > 0) this.relay.kick();
    return cancelled;
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
   * A confirmation reads the room's replica row FOR SHARE: it waits for a
   * delisting in progress and then sees DELISTED, or the delisting (which
   * updates that row first) waits for it and then finds the confirmed row.
   * Its new row version is checked against overlapping holds in progress (see hold).
   */
  async transition(next: Reservation, from: ReservationStatus, event: DomainEvent, releaseKey = false): Promise<boolean> {
    const confirming = next.status === "CONFIRMED";
    const written = await retryDeadlocks(() => this.db.execute`
      WITH listed AS (
        SELECT 1 FROM room_replicas WHERE id = ${next.roomId}::uuid AND status = 'LISTED' FOR SHARE),
      moved AS (
        UPDATE reservations SET status = ${next.status}::"ReservationStatus", payment_id = ${next.paymentId}::uuid,
          rejection_reason = ${next.rejectionReason}, cancelled_by = ${next.cancelledBy}::"CancelledBy", updated_at = ${next.updatedAt},
          idempotency_key = CASE WHEN ${releaseKey}::boolean THEN NULL ELSE idempotency_key END
        WHERE id = ${next.id}::uuid AND status = ${from}::"ReservationStatus"
          AND (NOT ${confirming}::boolean OR EXISTS (SELECT 1 FROM listed))
        RETURNING id)
      ${outboxInsert([event], ifMoved)}`);
    if (written === 0) return false;
    this.relay.kick();
    return true;
  }
}
