import { dispatch, ignore, type DeliveredBy, type DomainEvent, type EventHandlers } from "@airbnb/events";
import type { StayLedger } from "./ports.ts";
import { stayChangeOf } from "./stay-events.ts";

/**
 * Keeps the stays reviews are checked against, and the rooms they may be
 * written for, from other contexts' events alone. The consumer takes every
 * event (NATS 2.9 gives a consumer one filter subject) and ignores the rest.
 */
export class StayRecorder {
  constructor(private readonly ledger: StayLedger) {}

  readonly handlers: EventHandlers<DeliveredBy<">">> = {
    RoomRegistered: (event) => this.ledger.recordRoom(event, event.data.roomId, "LISTED"),
    RoomModified: ignore,
    RoomDeleted: (event) => this.ledger.recordRoom(event, event.data.roomId, "DELISTED"),
    ReservationConfirmed: (event) => this.ledger.record(event, stayChangeOf(event)),
    ReservationCancelled: (event) => this.ledger.record(event, stayChangeOf(event)),
    // A rejection creates no stay.
    ReservationRejected: ignore,
    PaymentApproved: ignore,
    PaymentDeclined: ignore,
    PaymentRefunded: ignore,
    MileageEarned: ignore,
    MileageDeducted: ignore,
    ReviewWritten: ignore,
    MessageSent: ignore,
  };

  handle(event: DomainEvent): Promise<void> {
    return dispatch(this.handlers, event);
  }
}
