import { randomUUID } from "node:crypto";
import { systemSources } from "@airbnb/config";
import { createEvent } from "@airbnb/events";

const sources = systemSources();

/** The events a room and its bookings put on the stream, as the other contexts publish them. */
export function roomEvents(roomId = randomUUID()) {
  const room = { roomId, hostId: "host-1" };
  const origin = { correlationId: roomId, causationId: randomUUID() };
  return {
    roomId,
    registered: (name = "Hanok", version = 1) =>
      createEvent("RoomRegistered", { ...room, version, name, description: "Quiet", city: "Seoul", pricePerNight: 100_000, capacity: 2 }, origin, sources),
    renamed: (name: string, version: number, city = "Busan") => createEvent("RoomModified", { ...room, version, name, city }, origin, sources),
    reviewed: (rating: number) => createEvent("ReviewWritten", { reviewId: randomUUID(), roomId, guestId: "guest-1", rating }, origin, sources),
    booking: (amount = 200_000) => bookingEvents(roomId, amount),
  };
}

function bookingEvents(roomId: string, amount: number) {
  const reservationId = randomUUID();
  const keys = { reservationId, roomId, guestId: "guest-1" };
  const origin = { correlationId: reservationId, causationId: randomUUID() };
  const stay = { ...keys, hostId: "host-1", checkIn: "2027-01-10", checkOut: "2027-01-12", paymentId: randomUUID() };
  const payment = { ...keys, paymentId: stay.paymentId, amount };
  const points = Math.floor(amount / 100);
  return {
    reservationId,
    points,
    confirmed: createEvent("ReservationConfirmed", { ...stay, nights: 2, guests: 1, amount }, origin, sources),
    approved: createEvent("PaymentApproved", payment, origin, sources),
    earned: createEvent("MileageEarned", { ...keys, entryId: randomUUID(), points }, origin, sources),
    cancelled: createEvent("ReservationCancelled", { ...stay, cancelledBy: "GUEST" as const }, origin, sources),
    refunded: createEvent("PaymentRefunded", payment, origin, sources),
    deducted: createEvent("MileageDeducted", { ...keys, entryId: randomUUID(), points }, origin, sources),
  };
}
