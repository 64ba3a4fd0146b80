import type { EventOf } from "@airbnb/events";
import type { StayChange } from "../domain/stay.ts";

/** The stay a reservation event reports. */
export function stayChangeOf(event: EventOf<"ReservationConfirmed" | "ReservationCancelled">): StayChange {
  const { reservationId, roomId, guestId, checkIn, checkOut } = event.data;
  return event.type === "ReservationConfirmed"
    ? { type: "StayConfirmed", stay: { reservationId, roomId, guestId, checkIn, checkOut, status: "CONFIRMED" } }
    : { type: "StayCancelled", stay: { reservationId, roomId, guestId, checkIn, checkOut, status: "CANCELLED" } };
}
