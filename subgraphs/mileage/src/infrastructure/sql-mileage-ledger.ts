import type { Page } from "@airbnb/kernel";
import { handleOnce, type Database, type OutboxRelay, type Sql } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { MileageBook, MileageLedger } from "../application/ports.ts";
import type { MileageEntry } from "../domain/mileage.ts";

/** The inbox consumer name: the context's, like its durable NATS consumer. */
const CONSUMER = "mileage";

/**
 * The balance is SUM(points) over the guest's entries, read through the
 * (guest_id, created_at) index, rather than an account row kept beside them:
 * a guest has at most two entries per stay, so the sum is cheap, and a derived
 * number that is never stored can never drift from the ledger or make
 * concurrent events of one guest contend for one row.
 */
export class SqlMileageLedger implements MileageLedger {
  constructor(private readonly db: Database, private readonly relay: OutboxRelay) {}

  async balanceOf(guestId: string): Promise<number> {
    const [sum] = await this.db.query<{ points: number | null }>`
      SELECT SUM(points) AS points FROM mileage_entries WHERE guest_id = ${guestId}`;
    return sum?.points ?? 0;
  }

  // Keyset pages: (created_at, id) is a total order, so a page never repeats or skips a row.
  async entriesOf(guestId: string, { first, after }: Page): Promise<MileageEntry[] | null> {
    const rows = await this.db.query<MileageEntry>`
      SELECT id, guest_id, reservation_id, room_id, payment_id, points, kind, created_at FROM mileage_entries
      WHERE guest_id = ${guestId}
        AND (${after}::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM mileage_entries WHERE id = ${after}::uuid))
      ORDER BY created_at DESC, id DESC LIMIT ${first}`;
    if (after === null || rows.length > 0) return rows;
    const [cursor] = await this.db.query`SELECT 1 FROM mileage_entries WHERE id = ${after}::uuid AND guest_id = ${guestId}`;
    return cursor ? rows : null;
  }

  entriesOfReservations(reservationIds: readonly string[]): Promise<MileageEntry[]> {
    return this.db.query<MileageEntry>`
      SELECT id, guest_id, reservation_id, room_id, payment_id, points, kind, created_at FROM mileage_entries
      WHERE reservation_id = ANY(${reservationIds}::text[]) ORDER BY created_at, id`;
  }

  recordOnce(cause: DomainEvent, record: (book: MileageBook) => Promise<DomainEvent[]>): Promise<void> {
    return handleOnce(this.db, this.relay, CONSUMER, cause, (tx) => record(new SqlMileageBook(tx)));
  }
}

class SqlMileageBook implements MileageBook {
  constructor(private readonly tx: Sql) {}

  async pointsEarnedBy(paymentId: string): Promise<number | null> {
    const [earned] = await this.tx.query<{ points: number }>`
      SELECT points FROM mileage_entries WHERE payment_id = ${paymentId} AND kind = 'EARNED'`;
    return earned?.points ?? null;
  }

  /** ON CONFLICT DO NOTHING: a violation would abort the whole transaction, inbox row included. */
  async add(entry: MileageEntry): Promise<boolean> {
    const { id, guestId, reservationId, roomId, paymentId, points, kind, createdAt } = entry;
    const inserted = await this.tx.execute`
      INSERT INTO mileage_entries (id, guest_id, reservation_id, room_id, payment_id, points, kind, created_at)
      VALUES (${id}::uuid, ${guestId}, ${reservationId}, ${roomId}, ${paymentId}, ${points}, ${kind}::"MileageKind", ${createdAt})
      ON CONFLICT DO NOTHING`;
    return inserted === 1;
  }
}
