import type { DomainEvent } from "@airbnb/events";
import type { BoardChange } from "../domain/room-board.ts";

const nothing = {
  room: null,
  reservation: null,
  paymentStatus: null,
  confirmedDelta: 0,
  reviewDelta: 0,
  ratingDelta: 0,
  pointsDelta: 0,
  revenueDelta: 0,
  bookedOn: null,
} satisfies Partial<BoardChange>;

const changeBy = (event: DomainEvent, roomId: string, change: Partial<BoardChange>): BoardChange => ({
  ...nothing,
  roomId,
  eventType: event.type,
  occurredAt: new Date(event.occurredAt),
  ...change,
});

/** What an event does to the board; null for an event the board does not show. */
export function projectEvent(event: DomainEvent): BoardChange | null {
  switch (event.type) {
    case "RoomRegistered":
      return changeBy(event, event.data.roomId, {
        room: { version: event.data.version, name: event.data.name, city: event.data.city, status: "LISTED" },
      });
    case "RoomModified":
      return changeBy(event, event.data.roomId, {
        room: { version: event.data.version, name: event.data.name ?? null, city: event.data.city ?? null, status: null },
      });
    case "RoomDeleted":
      return changeBy(event, event.data.roomId, { room: { version: event.data.version, name: null, city: null, status: "DELISTED" } });
    case "ReservationConfirmed":
      return changeBy(event, event.data.roomId, {
        reservation: { id: event.data.reservationId, status: "CONFIRMED" },
        confirmedDelta: 1,
        bookedOn: new Date(event.occurredAt).toISOString().slice(0, 10),
      });
    case "ReservationRejected":
      return changeBy(event, event.data.roomId, { reservation: { id: event.data.reservationId, status: "REJECTED" } });
    case "ReservationCancelled":
      return changeBy(event, event.data.roomId, { reservation: { id: event.data.reservationId, status: "CANCELLED" }, confirmedDelta: -1 });
    case "PaymentApproved":
      return changeBy(event, event.data.roomId, { paymentStatus: "APPROVED", revenueDelta: event.data.amount });
    case "PaymentDeclined":
      return changeBy(event, event.data.roomId, { paymentStatus: "DECLINED" });
    case "PaymentRefunded":
      return changeBy(event, event.data.roomId, { paymentStatus: "REFUNDED", revenueDelta: -event.data.amount });
    case "MileageEarned":
      return changeBy(event, event.data.roomId, { pointsDelta: event.data.points });
    case "MileageDeducted":
      return changeBy(event, event.data.roomId, { pointsDelta: -event.data.points });
    case "ReviewWritten":
      return changeBy(event, event.data.roomId, { reviewDelta: 1, ratingDelta: event.data.rating });
    case "MessageSent":
      return null;
    default: {
      const unknown: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unknown)}`);
    }
  }
}
