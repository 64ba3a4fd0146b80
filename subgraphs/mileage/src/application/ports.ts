import type { DomainEvent } from "@airbnb/events";
import type { Page } from "@airbnb/kernel";
import type { MileageEntry } from "../domain/mileage.ts";

export interface MileageQueries {
  balanceOf(guestId: string): Promise<number>;
  /** Newest first. */
  /** Newest first; null when `page.after` is no entry of the guest. */
  entriesOf(guestId: string, page: Page): Promise<MileageEntry[] | null>;
  /** Every entry caused by these reservations, oldest first. */
  entriesOfReservations(reservationIds: readonly string[]): Promise<MileageEntry[]>;
}

/** The ledger inside one transaction. */
export interface MileageBook {
  /** The points the payment earned, or null when it has no EARNED entry. */
  pointsEarnedBy(paymentId: string): Promise<number | null>;
  /** False when the payment already has an entry of this kind: nothing is written. */
  add(entry: MileageEntry): Promise<boolean>;
}

export interface MileageLedger extends MileageQueries {
  /**
   * Applies an incoming event once: `record` runs in one transaction with the
   * inbox row and the events it returns (outbox); a redelivery does nothing.
   */
  recordOnce(cause: DomainEvent, record: (book: MileageBook) => Promise<DomainEvent[]>): Promise<void>;
}
