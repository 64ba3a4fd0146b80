import type { DomainEvent } from "@airbnb/events";
import type { Occurrence } from "../domain/message.ts";

/** The events someone is told about. */
export type NotifiableEvent = Extract<DomainEvent, { type: "ReservationConfirmed" | "ReservationCancelled" | "MileageEarned" | "MileageDeducted" }>;

export function occurrenceOf(event: NotifiableEvent): Occurrence {
  switch (event.type) {
    case "ReservationConfirmed":
    case "ReservationCancelled": {
      const { guestId, hostId, checkIn, checkOut } = event.data;
      const kind = event.type === "ReservationConfirmed" ? "RESERVATION_CONFIRMED" : "RESERVATION_CANCELLED";
      return { kind, guestId, hostId, checkIn, checkOut };
    }
    case "MileageEarned":
    case "MileageDeducted": {
      const { guestId, points } = event.data;
      return { kind: event.type === "MileageEarned" ? "MILEAGE_EARNED" : "MILEAGE_DEDUCTED", guestId, points };
    }
    default: {
      const unknown: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unknown)}`);
    }
  }
}
