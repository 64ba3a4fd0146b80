import { handleOnce, type OutboxRelay } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { MileageBook, MileageLedger } from "../application/ports.ts";
import type { MileageEntry } from "../domain/mileage.ts";
import type { Prisma, PrismaClient } from "./generated/prisma/client.ts";

/** The inbox consumer name: the context's, like its durable NATS consumer. */
const CONSUMER = "mileage";

/**
 * The balance is SUM(points) over the guest's entries, read through the
 * (guest_id, created_at) index, rather than an account row kept beside them:
 * a guest has at most two entries per stay, so the sum is cheap, and a derived
 * number that is never stored can never drift from the ledger or make
 * concurrent events of one guest contend for one row.
 */
export class PrismaMileageLedger implements MileageLedger {
  constructor(private readonly db: PrismaClient, private readonly relay: OutboxRelay) {}

  async balanceOf(guestId: string): Promise<number> {
    const { _sum } = await this.db.mileageEntry.aggregate({ where: { guestId }, _sum: { points: true } });
    return _sum.points ?? 0;
  }

  entriesOf(guestId: string, first: number): Promise<MileageEntry[]> {
    return this.db.mileageEntry.findMany({ where: { guestId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: first });
  }

  entriesOfReservations(reservationIds: readonly string[]): Promise<MileageEntry[]> {
    return this.db.mileageEntry.findMany({ where: { reservationId: { in: [...reservationIds] } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  }

  recordOnce(cause: DomainEvent, record: (book: MileageBook) => Promise<DomainEvent[]>): Promise<void> {
    return handleOnce(this.db, this.relay, CONSUMER, cause, (tx) => record(new PrismaMileageBook(tx)));
  }
}

class PrismaMileageBook implements MileageBook {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async pointsEarnedBy(paymentId: string): Promise<number | null> {
    const earned = await this.tx.mileageEntry.findUnique({ where: { paymentId_kind: { paymentId, kind: "EARNED" } } });
    return earned?.points ?? null;
  }

  /** ON CONFLICT DO NOTHING: a violation would abort the whole transaction, inbox row included. */
  async add(entry: MileageEntry): Promise<boolean> {
    const { count } = await this.tx.mileageEntry.createMany({ data: [entry], skipDuplicates: true });
    return count === 1;
  }
}
