import { badInput, DomainError, forbidden } from "@airbnb/kernel";
import type { Stay } from "./stay.ts";

/** PENDING holds the nights while the payment is asked for; clients never see it. */
export type ReservationStatus = "PENDING" | "CONFIRMED" | "CANCELLED" | "REJECTED";

export interface Reservation {
  id: string;
  roomId: string;
  guestId: string;
  hostId: string;
  checkIn: string;
  checkOut: string;
  nights: number;
  guests: number;
  amount: number;
  status: ReservationStatus;
  paymentId: string | null;
  rejectionReason: string | null;
  idempotencyKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What booking needs to know of a room (the replica kept from room events). */
export interface BookableRoom {
  id: string;
  hostId: string;
  pricePerNight: number;
  capacity: number;
  status: "LISTED" | "DELISTED";
}

export interface ReservationRequest {
  id: string;
  guestId: string;
  stay: Stay;
  guests: number;
  idempotencyKey: string | null;
}

/** Decides whether the room can be asked for; the database then decides whether the nights are free. */
export function requestReservation(room: BookableRoom, request: ReservationRequest, now: Date): Reservation {
  if (room.status === "DELISTED") throw new DomainError("ROOM_UNAVAILABLE", "the room is no longer listed");
  if (request.guests > room.capacity) throw badInput("guests", `the room sleeps at most ${room.capacity}`);
  return {
    id: request.id,
    roomId: room.id,
    guestId: request.guestId,
    hostId: room.hostId,
    ...request.stay,
    guests: request.guests,
    amount: request.stay.nights * room.pricePerNight,
    status: "PENDING",
    paymentId: null,
    rejectionReason: null,
    idempotencyKey: request.idempotencyKey,
    createdAt: now,
    updatedAt: now,
  };
}

export const confirm = (reservation: Reservation, paymentId: string, now: Date): Reservation => ({
  ...reservation,
  status: "CONFIRMED",
  paymentId,
  updatedAt: now,
});

export const reject = (reservation: Reservation, reason: string, paymentId: string | null, now: Date): Reservation => ({
  ...reservation,
  status: "REJECTED",
  rejectionReason: reason,
  paymentId,
  updatedAt: now,
});

/** Only the guest cancels, only a confirmed stay; cancelling twice changes nothing. */
export function cancel(reservation: Reservation, guestId: string, now: Date): Reservation | null {
  if (reservation.guestId !== guestId) throw forbidden("a guest may cancel only their own reservations");
  if (reservation.status === "CANCELLED") return null;
  if (reservation.status !== "CONFIRMED") throw badInput("id", `a ${reservation.status.toLowerCase()} reservation cannot be cancelled`);
  return { ...reservation, status: "CANCELLED", updatedAt: now };
}

/** Its guest and the room's host may see a reservation. */
export function canView(reservation: Reservation, userId: string): boolean {
  return reservation.guestId === userId || reservation.hostId === userId;
}
