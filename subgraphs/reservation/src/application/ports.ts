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
   */
  transition(next: Reservation, from: ReservationStatus, event: DomainEvent, releaseKey?: boolean): Promise<boolean>;
  /** Decides the fate of reservations PENDING since before `before`, each with its event; returns how many. */
  releaseAbandoned(before: Date, decide: (pending: Reservation) => { next: Reservation; event: DomainEvent }): Promise<number>;
}

export interface RoomReplicas {
  find(roomId: string): Promise<BookableRoom | null>;
  findMany(roomIds: readonly string[]): Promise<BookableRoom[]>;
}

export type RoomReplicaChange =
  | { kind: "registered"; room: BookableRoom; version: number }
  | { kind: "modified"; roomId: string; changes: Partial<Pick<BookableRoom, "pricePerNight" | "capacity" | "status">>; version: number };

export interface RoomReplicaWriter {
  /** Applies a change only if its version is newer than the replica's. */
  apply(change: RoomReplicaChange): Promise<void>;
}

/** Finds a room for booking, waiting briefly for a just-registered room's event. */
export type RoomLookup = (roomId: string) => Promise<BookableRoom | null>;

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
