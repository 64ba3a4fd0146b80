import type { DomainEvent } from "@airbnb/events";
import type { StayChange } from "../domain/stay.ts";

/** The stay an event reports, or null for the reservation events that create no stay (rejections). */
export function stayChangeOf(event: DomainEvent): StayChange | null {
  switch (event.type) {
    case "ReservationConfirmed": {
      const { reservationId, roomId, guestId, checkIn, checkOut } = event.data;
      return { type: "StayConfirmed", stay: { reservationId, roomId, guestId, checkIn, checkOut, status: "CONFIRMED" } };
    }
    case "ReservationCancelled": {
      const { reservationId, roomId, guestId, checkIn, checkOut } = event.data;
      return { type: "StayCancelled", stay: { reservationId, roomId, guestId, checkIn, checkOut, status: "CANCELLED" } };
    }
    default:
      return null;
  }
}
