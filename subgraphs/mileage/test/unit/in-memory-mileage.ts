import type { DomainEvent } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import { PaymentPolicy } from "../../src/application/payment-policy.ts";
import type { MileageBook, MileageLedger } from "../../src/application/ports.ts";
import type { MileageEntry } from "../../src/domain/mileage.ts";

/**
 * The mileage context's ledger on in-memory ports, with the database's
 * guarantees: one entry per payment and kind, each event applied once (inbox),
 * its entries and events committed together or not at all.
 */
export class InMemoryMileage implements MileageLedger {
  readonly entries: MileageEntry[] = [];
  readonly published: DomainEvent[] = [];
  private readonly handled = new Set<string>();
  readonly policy: PaymentPolicy;

  constructor(sources: Sources) {
    this.policy = new PaymentPolicy(this, sources);
  }

  async balanceOf(guestId: string) {
    return this.entries.filter((e) => e.guestId === guestId).reduce((sum, e) => sum + e.points, 0);
  }
  async entriesOf(guestId: string) {
    return this.entries.filter((e) => e.guestId === guestId);
  }
  async entriesOfReservations(ids: readonly string[]) {
    return this.entries.filter((e) => ids.includes(e.reservationId));
  }
  async recordOnce(cause: DomainEvent, record: (book: MileageBook) => Promise<DomainEvent[]>) {
    if (this.handled.has(cause.id)) return;
    const added: MileageEntry[] = [];
    const book: MileageBook = {
      pointsEarnedBy: async (paymentId) => this.entries.find((e) => e.paymentId === paymentId && e.kind === "EARNED")?.points ?? null,
      add: async (entry) => {
        if ([...this.entries, ...added].some((e) => e.paymentId === entry.paymentId && e.kind === entry.kind)) return false;
        added.push(entry);
        return true;
      },
    };
    const events = await record(book);
    this.handled.add(cause.id);
    this.entries.push(...added);
    this.published.push(...events);
  }
}
