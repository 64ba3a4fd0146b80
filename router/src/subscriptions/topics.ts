import type { DomainEvent } from "@airbnb/events";

/**
 * What a change touches, as `topic -> entity id`: subscriptions listen on a
 * topic and are refreshed for that entity. Events carry keys only; the push
 * resolves the rest through the supergraph.
 */
export interface Touch {
  topic: string;
  entityId: string;
}

export const roomTopic = (roomId: string) => `room:${roomId}`;
export const reservationTopic = (reservationId: string) => `reservation:${reservationId}`;
export const roomReservationsTopic = (roomId: string) => `room-reservations:${roomId}`;
export const inboxTopic = (recipientId: string) => `inbox:${recipientId}`;

export function touchesOf(event: DomainEvent): Touch[] {
  switch (event.type) {
    case "RoomRegistered":
    case "RoomModified":
    case "RoomDeleted":
    case "PaymentApproved":
    case "PaymentDeclined":
    case "PaymentRefunded":
    case "MileageEarned":
    case "MileageDeducted":
    case "ReviewWritten":
      return [{ topic: roomTopic(event.data.roomId), entityId: event.data.roomId }];
    case "ReservationConfirmed":
    case "ReservationRejected":
    case "ReservationCancelled": {
      const { reservationId, roomId } = event.data;
      return [
        { topic: roomTopic(roomId), entityId: roomId },
        { topic: reservationTopic(reservationId), entityId: reservationId },
        { topic: roomReservationsTopic(roomId), entityId: reservationId },
      ];
    }
    case "MessageSent":
      return [{ topic: inboxTopic(event.data.recipientId), entityId: event.data.messageId }];
    default: {
      const unknown: never = event;
      throw new Error(`no topics for ${JSON.stringify(unknown)}`);
    }
  }
}
