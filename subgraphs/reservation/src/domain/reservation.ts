import { badInput, DomainError, forbidden } from "@airbnb/kernel";
import { hasBegun, type Stay } from "./stay.ts";

/** PENDING holds the nights while the payment is asked for; clients never see it. */
export type ReservationStatus = "PENDING" | "CONFIRMED" | "CANCELLED" | "REJECTED";

/** Who ended a CANCELLED stay: its guest, or the host by delisting the room. */
export type CancelledBy = "GUEST" | "HOST";

/** Amounts are a GraphQL Int (and a Postgres integer): a stay that would cost more cannot be booked. */
export const MAX_AMOUNT = 2_147_483_647;

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
  cancelledBy: CancelledBy | null;
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
  /** The room context's version of the room: a newer one always wins in the replica. */
  version: number;
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
  const amount = request.stay.nights * room.pricePerNight;
  if (amount > MAX_AMOUNT) throw badInput("checkOut", `a stay may cost at most ${MAX_AMOUNT}: book fewer nights`);
  return {
    id: request.id,
    roomId: room.id,
    guestId: request.guestId,
    hostId: room.hostId,
    ...request.stay,
    guests: request.guests,
    amount,
    status: "PENDING",
    cancelledBy: null,
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

/**
 * Only the guest cancels, only a confirmed stay that has not begun (`today`
 * is the UTC calendar day); cancelling twice changes nothing.
 */
export function cancel(reservation: Reservation, guestId: string, today: string, now: Date): Reservation | null {
  if (reservation.guestId !== guestId) throw forbidden("a guest may cancel only their own reservations");
  if (reservation.status === "CANCELLED") return null;
  if (reservation.status !== "CONFIRMED") throw badInput("id", `a ${reservation.status.toLowerCase()} reservation cannot be cancelled`);
  if (hasBegun(reservation, today)) throw badInput("id", "a stay that has begun cannot be cancelled");
  return { ...reservation, status: "CANCELLED", cancelledBy: "GUEST", updatedAt: now };
}

/** Delisting a room cancels each of its confirmed stays that has not begun (by the host); begun stays are kept. */
export const cancelForDelisting = (reservations: readonly Reservation[], today: string, now: Date): Reservation[] =>
  reservations
    .filter((reservation) => reservation.status === "CONFIRMED" && !hasBegun(reservation, today))
    .map((reservation) => ({ ...reservation, status: "CANCELLED", cancelledBy: "HOST", updatedAt: now }));

/** Its guest and the room's host may see a reservation. */
export function canView(reservation: Reservation, userId: string): boolean {
  return reservation.guestId === userId || reservation.hostId === userId;
}
