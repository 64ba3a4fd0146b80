import type { Reservation } from "../domain/reservation.ts";

/** The Reservation as the schema shows it; the room is a reference the gateway resolves. */
export const presentReservation = (reservation: Reservation) => ({
  __typename: "Reservation" as const,
  id: reservation.id,
  roomId: reservation.roomId,
  room: { __typename: "Room" as const, id: reservation.roomId },
  guestId: reservation.guestId,
  checkIn: reservation.checkIn,
  checkOut: reservation.checkOut,
  nights: reservation.nights,
  guests: reservation.guests,
  amount: reservation.amount,
  status: reservation.status,
  cancelledBy: reservation.cancelledBy,
  createdAt: reservation.createdAt.toISOString(),
  updatedAt: reservation.updatedAt.toISOString(),
});
