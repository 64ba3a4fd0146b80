import { dispatch, ignore, type DeliveredBy, type DomainEvent, type EventEnvelope, type EventHandlers } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import { compose } from "../domain/compose.ts";
import type { Message } from "../domain/message.ts";
import { messageSent } from "./message-events.ts";
import { occurrenceOf, type NotifiableEvent } from "./occurrences.ts";
import type { MessageStore } from "./ports.ts";

/**
 * Tells guests and hosts what happened to their stays, naming rooms from the
 * replica this same consumer keeps. One consumer for room names and notices
 * alike (NATS 2.9 takes one filter subject), ordered by room: a room's name is
 * applied before the stays that follow it in the stream.
 */
export class NotificationPolicy {
  constructor(private readonly store: MessageStore, private readonly sources: Sources) {}

  readonly handlers: EventHandlers<DeliveredBy<">">> = {
    RoomRegistered: (event) => this.rememberRoomName(event),
    RoomModified: (event) => this.rememberRoomName(event),
    // Past messages keep the name.
    RoomDeleted: ignore,
    ReservationConfirmed: (event) => this.notify(event),
    ReservationCancelled: (event) => this.notify(event),
    // Nothing was booked, nobody is told.
    ReservationRejected: ignore,
    MileageEarned: (event) => this.notify(event),
    MileageDeducted: (event) => this.notify(event),
    // Payments reach people through reservations and mileage.
    PaymentApproved: ignore,
    PaymentDeclined: ignore,
    PaymentRefunded: ignore,
    ReviewWritten: ignore,
    // Our own.
    MessageSent: ignore,
  };

  handle(event: DomainEvent): Promise<void> {
    return dispatch(this.handlers, event);
  }

  /** Only names matter here; a change without one leaves the replica as it is. */
  private async rememberRoomName(event: EventEnvelope<"RoomRegistered"> | EventEnvelope<"RoomModified">): Promise<void> {
    const { roomId, name, version } = event.data;
    if (name === undefined) return;
    await this.store.recordOnce(event, async (mailbox) => {
      await mailbox.rememberRoomName(roomId, name, version);
      return [];
    });
  }

  private notify(event: NotifiableEvent): Promise<void> {
    const { reservationId, roomId } = event.data;
    const occurrence = occurrenceOf(event);
    const { kind } = occurrence;
    return this.store.recordOnce(event, async (mailbox) => {
      const messages = compose(occurrence, await mailbox.roomName(roomId)).map(({ recipientId, text }): Message => (
        { id: this.sources.newId(), eventId: event.id, recipientId, kind, reservationId, roomId, text, createdAt: this.sources.clock() }));
      return (await mailbox.deliver(messages)).map((message) => messageSent(message, event, this.sources));
    });
  }
}
