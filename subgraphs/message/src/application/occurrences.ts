import type { DomainEvent } from "@airbnb/events";
import type { Occurrence } from "../domain/message.ts";

/** The events someone is told about. */
export type NotifiableEvent = Extract<DomainEvent, { type: "ReservationConfirmed" | "ReservationCancelled" | "MileageEarned" | "MileageDeducted" }>;

export function occurrenceOf(event: NotifiableEvent): Occurrence {
  switch (event.type) {
    case "ReservationConfirmed": {
      const { guestId, hostId, checkIn, checkOut } = event.data;
      return { kind: "RESERVATION_CONFIRMED", guestId, hostId, checkIn, checkOut };
    }
    case "ReservationCancelled": {
      const { guestId, hostId, checkIn, checkOut, cancelledBy } = event.data;
      return { kind: "RESERVATION_CANCELLED", guestId, hostId, checkIn, checkOut, cancelledBy };
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
