import { dispatch, ignore, type DeliveredBy, type DomainEvent, type EventEnvelope, type EventHandlers } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import { deductMileage, earnMileage, type MileageEntry } from "../domain/mileage.ts";
import { mileageEvent } from "./mileage-events.ts";
import type { MileageBook, MileageLedger } from "./ports.ts";

type PaymentEvent = DeliveredBy<"payment.>">;

/** Keeps the ledger in step with payments: approved ones earn, refunded ones give it back. */
export class PaymentPolicy {
  constructor(private readonly ledger: MileageLedger, private readonly sources: Sources) {}

  /** Declined payments earn nothing. */
  readonly handlers: EventHandlers<PaymentEvent> = {
    PaymentApproved: (event) => this.earn(event),
    PaymentDeclined: ignore,
    PaymentRefunded: (event) => this.deduct(event),
  };

  handle(event: DomainEvent): Promise<void> {
    return dispatch(this.handlers, event);
  }

  private earn(event: EventEnvelope<"PaymentApproved">): Promise<void> {
    return this.ledger.recordOnce(event, (book) => this.record(book, earnMileage(this.sources.newId(), event.data, this.sources.clock()), event));
  }

  private deduct(event: EventEnvelope<"PaymentRefunded">): Promise<void> {
    return this.ledger.recordOnce(event, async (book) => {
      const earned = await book.pointsEarnedBy(event.data.paymentId);
      return this.record(book, deductMileage(this.sources.newId(), event.data, earned, this.sources.clock()), event);
    });
  }

  /** The unique (payment, kind) guard decides: a second entry of a kind is neither written nor announced. */
  private async record(book: MileageBook, entry: MileageEntry | null, cause: DomainEvent): Promise<DomainEvent[]> {
    return entry && (await book.add(entry)) ? [mileageEvent(entry, cause, this.sources)] : [];
  }
}
