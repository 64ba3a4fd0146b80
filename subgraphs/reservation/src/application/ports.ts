import type { Page } from "@airbnb/kernel";
import type { DomainEvent } from "@airbnb/events";
import type { BookableRoom, Reservation, ReservationStatus } from "../domain/reservation.ts";

export type HoldOutcome = "held" | "nights-taken" | "duplicate-key";

export interface ReservationStore {
  find(id: string): Promise<Reservation | null>;
  findMany(ids: readonly string[]): Promise<Reservation[]>;
  findByIdempotencyKey(guestId: string, key: string): Promise<Reservation | null>;
  /** Newest first, PENDING left out; null when `page.after` is no reservation of this list. */
  listByGuest(guestId: string, page: Page): Promise<Reservation[] | null>;
  /** As listByGuest, for one room. */
  listByRoom(roomId: string, status: ReservationStatus | null, page: Page): Promise<Reservation[] | null>;
  overlaps(roomId: string, checkIn: string, checkOut: string): Promise<boolean>;
  /** Inserts a PENDING reservation; the database refuses nights already held. */
  hold(reservation: Reservation): Promise<HoldOutcome>;
  /**
   * Saves a new status with its event, only if the stored row still has status `from`
   * (false otherwise). `releaseKey` forgets the idempotency key, so a retry tries again.
   * A move to CONFIRMED also needs the room's replica LISTED (read under a share
   * lock): a room delisted while its guest was paying is not booked.
   */
  transition(next: Reservation, from: ReservationStatus, event: DomainEvent, releaseKey?: boolean): Promise<boolean>;
  /**
   * The delisting of a room, in one transaction (a crash redoes all of it): the
   * replica row turns DELISTED first (its lock makes a concurrent confirmation
   * either finish before the scan or see DELISTED), then `decide` picks from the
   * room's CONFIRMED reservations which to save, each with its event. Fails while
   * the room's registration has not been applied. Returns how many were saved.
   */
  delistRoom(roomId: string, version: number, decide: (confirmed: Reservation[]) => Array<{ next: Reservation; event: DomainEvent }>): Promise<number>;
  /** Decides the fate of reservations PENDING since before `before`, each with its event; returns how many. */
  releaseAbandoned(before: Date, decide: (pending: Reservation) => { next: Reservation; event: DomainEvent }): Promise<number>;
}

export interface RoomReplicas {
  find(roomId: string): Promise<BookableRoom | null>;
  findMany(roomIds: readonly string[]): Promise<BookableRoom[]>;
}

export type RoomReplicaChange =
  | { kind: "snapshot"; room: BookableRoom }
  | { kind: "modified"; roomId: string; changes: Partial<Pick<BookableRoom, "pricePerNight" | "capacity">>; version: number };

export interface RoomReplicaWriter {
  /** Applies a change only if its version is newer than the replica's. */
  apply(change: RoomReplicaChange): Promise<void>;
}

/**
 * Waits while another request for the reservation (a retry with its idempotency
 * key) is still paying: the reservation once decided, as it last was (still
 * PENDING) when the wait gives up, or null when it is gone.
 */
export type AwaitDecision = (reservationId: string) => Promise<Reservation | null>;

/** Finds a room for booking. */
export type RoomLookup = (roomId: string) => Promise<BookableRoom | null>;

/** The room context, asked synchronously for a room as it is now. */
export interface RoomDirectory {
  /** Null for a room the room context does not know; throws RoomsUnavailableError when it cannot answer in time. */
  find(roomId: string): Promise<BookableRoom | null>;
}

export class RoomsUnavailableError extends Error {
  override readonly name = "RoomsUnavailableError";
}

export interface ChargeOutcome {
  paymentId: string;
  status: "APPROVED" | "DECLINED" | "REFUNDED";
  reason: string | null;
}

export interface PaymentGateway {
  /** False while the breaker is open: callers fail fast and hold nothing. */
  readonly available: boolean;
  readonly retryAfterSeconds: number;
  /** Throws PaymentUnavailableError when payment cannot answer in time. */
  charge(request: { reservationId: string; roomId: string; guestId: string; amount: number; paymentMethod: string }): Promise<ChargeOutcome>;
}

export class PaymentUnavailableError extends Error {
  override readonly name = "PaymentUnavailableError";
}

/**
 * Admission control of the booking path: runs a booking now, after a short
 * wait in line, or refuses it at once with OVERLOADED (nothing held or charged).
 */
export interface Admission {
  run<T>(booking: () => Promise<T>): Promise<T>;
}

/** No bound: every booking runs (tests of the rules on in-memory ports). */
export const admitAll: Admission = { run: (booking) => booking() };
