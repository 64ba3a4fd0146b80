import { dispatch, ignore, type DeliveredBy, type DomainEvent, type EventHandlers } from "@airbnb/events";
import type { BoardStore } from "./ports.ts";
import { projectEvent } from "./board-projection.ts";

/** Tells whoever shows the board live that a room's row changed. */
export type BoardChanged = (roomId: string) => void;

/**
 * Keeps the board from the event stream; the only writer of the live board.
 * Every event it shows names its room, and its consumer orders by room: one
 * room's events are applied one at a time, in stream order.
 */
export class BoardProjector {
  constructor(private readonly store: BoardStore, private readonly changed: BoardChanged = () => {}) {}

  private readonly show = (event: DomainEvent) => this.apply(event);

  /** What each event does to its row is `projectEvent`'s rule (the rebuild's too). */
  readonly handlers: EventHandlers<DeliveredBy<">">> = {
    RoomRegistered: this.show,
    RoomModified: this.show,
    RoomDeleted: this.show,
    ReservationConfirmed: this.show,
    ReservationRejected: this.show,
    ReservationCancelled: this.show,
    PaymentApproved: this.show,
    PaymentDeclined: this.show,
    PaymentRefunded: this.show,
    MileageEarned: this.show,
    MileageDeducted: this.show,
    ReviewWritten: this.show,
    MessageSent: ignore,
  };

  handle(event: DomainEvent): Promise<void> {
    return dispatch(this.handlers, event);
  }

  private async apply(event: DomainEvent): Promise<void> {
    const change = projectEvent(event);
    if (!change) return;
    await this.store.apply(event, change);
    this.changed(change.roomId);
  }
}
