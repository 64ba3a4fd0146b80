import { randomUUID } from "node:crypto";
import type { DomainEvent, EventEnvelope } from "@airbnb/events";
import { compose } from "../domain/compose.ts";
import type { Message } from "../domain/message.ts";
import { messageSent } from "./message-events.ts";
import { occurrenceOf, type NotifiableEvent } from "./occurrences.ts";
import type { MessageStore } from "./ports.ts";

/** Tells guests and hosts what happened to their stays, naming rooms from the replica this same consumer keeps. */
export class NotificationPolicy {
  constructor(
    private readonly store: MessageStore,
    private readonly clock: () => Date = () => new Date(),
    private readonly newId: () => string = randomUUID,
  ) {}

  async handle(event: DomainEvent): Promise<void> {
    switch (event.type) {
      case "RoomRegistered":
      case "RoomModified":
        return this.rememberRoomName(event);
      case "ReservationConfirmed":
      case "ReservationCancelled":
      case "MileageEarned":
      case "MileageDeducted":
        return this.notify(event);
      case "RoomDeleted": // past messages keep the name
      case "ReservationRejected": // nothing was booked, nobody is told
      case "PaymentApproved": // payments reach people through reservations and mileage
      case "PaymentDeclined":
      case "PaymentRefunded":
      case "ReviewWritten":
      case "MessageSent": // our own
        return;
      default: {
        const unknown: never = event;
        throw new Error(`unhandled event ${JSON.stringify(unknown)}`);
      }
    }
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
      const sent: DomainEvent[] = [];
      for (const { recipientId, text } of compose(occurrence, await mailbox.roomName(roomId))) {
        const message: Message = { id: this.newId(), eventId: event.id, recipientId, kind, reservationId, roomId, text, createdAt: this.clock() };
        if (await mailbox.add(message)) sent.push(messageSent(message, event));
      }
      return sent;
    });
  }
}
