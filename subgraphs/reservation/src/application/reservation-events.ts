import { createEvent, type DomainEvent } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import type { Reservation } from "../domain/reservation.ts";

/** The event reporting a reservation's new status; booking flows correlate by reservation id. */
export function reservationEvent(reservation: Reservation, causationId: string, sources: Sources): DomainEvent {
  const origin = { correlationId: reservation.id, causationId };
  const { id: reservationId, roomId, guestId, hostId, checkIn, checkOut, paymentId } = reservation;
  switch (reservation.status) {
    case "CONFIRMED":
      return createEvent(
        "ReservationConfirmed",
        { reservationId, roomId, guestId, hostId, checkIn, checkOut, nights: reservation.nights, guests: reservation.guests, amount: reservation.amount, paymentId: paymentId! },
        origin,
        sources,
      );
    case "REJECTED":
      return createEvent("ReservationRejected", { reservationId, roomId, guestId, reason: reservation.rejectionReason ?? "rejected", paymentId }, origin, sources);
    case "CANCELLED":
      return createEvent(
        "ReservationCancelled",
        { reservationId, roomId, guestId, hostId, paymentId: paymentId!, checkIn, checkOut, cancelledBy: reservation.cancelledBy ?? "GUEST" },
        origin,
        sources,
      );
    case "PENDING":
      throw new Error("a pending reservation is not reported: it has not been decided");
    default: {
      const unknown: never = reservation.status;
      throw new Error(`unhandled reservation status ${String(unknown)}`);
    }
  }
}
