import type { DomainEvent } from "@airbnb/events";
import type { Page } from "@airbnb/kernel";
import type { HoldOutcome, ReservationStore, RoomDirectory, RoomReplicaChange, RoomReplicas, RoomReplicaWriter } from "../../src/application/ports.ts";
import { RoomsUnavailableError } from "../../src/application/ports.ts";
import type { BookableRoom, Reservation, ReservationStatus } from "../../src/domain/reservation.ts";
// The booking flow crosses contexts: payment and mileage run on their own in-memory ports.
export { InMemoryPayments } from "../../../payment/test/unit/in-memory-payments.ts";
export { InMemoryMileage } from "../../../mileage/test/unit/in-memory-mileage.ts";

/** Newest first, PENDING left out, the page after `page.after` (null when it names no item of the list). */
function pageOf(reservations: Reservation[], page: Page): Reservation[] | null {
  const list = reservations.filter((r) => r.status !== "PENDING").sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  const start = page.after === null ? 0 : list.findIndex((r) => r.id === page.after) + 1;
  return start === 0 && page.after !== null ? null : list.slice(start, start + page.first);
}

const overlaps = (a: Reservation, b: Reservation) => a.roomId === b.roomId && a.checkIn < b.checkOut && b.checkIn < a.checkOut;
const holding = (r: Reservation) => r.status === "PENDING" || r.status === "CONFIRMED";

/**
 * The reservation context's store and replica with the database's guarantees:
 * each call is atomic (nothing awaits inside), the exclusion rule refuses
 * overlapping held nights, a confirmation needs the replica LISTED.
 */
export class InMemoryReservations implements ReservationStore {
  readonly rows = new Map<string, Reservation>();
  private readonly watchers = new Set<() => void>();

  constructor(private readonly outbox: DomainEvent[], private readonly replicas: InMemoryReplicas) {}

  async find(id: string) {
    return this.rows.get(id) ?? null;
  }
  async findMany(ids: readonly string[]) {
    return ids.flatMap((id) => this.rows.get(id) ?? []);
  }
  async findByIdempotencyKey(guestId: string, key: string) {
    return [...this.rows.values()].find((r) => r.guestId === guestId && r.idempotencyKey === key) ?? null;
  }
  async listByGuest(guestId: string, page: Page) {
    return pageOf([...this.rows.values()].filter((r) => r.guestId === guestId), page);
  }
  async listByRoom(roomId: string, status: ReservationStatus | null, page: Page) {
    return pageOf([...this.rows.values()].filter((r) => r.roomId === roomId && (status === null || r.status === status)), page);
  }
  async overlaps(roomId: string, checkIn: string, checkOut: string) {
    return [...this.rows.values()].some((r) => holding(r) && r.roomId === roomId && r.checkIn < checkOut && checkIn < r.checkOut);
  }
  async hold(reservation: Reservation): Promise<HoldOutcome> {
    const rows = [...this.rows.values()];
    if (reservation.idempotencyKey && rows.some((r) => r.guestId === reservation.guestId && r.idempotencyKey === reservation.idempotencyKey)) return "duplicate-key";
    if (rows.some((r) => holding(r) && overlaps(r, reservation))) return "nights-taken";
    this.save(reservation);
    return "held";
  }
  async transition(next: Reservation, from: ReservationStatus, event: DomainEvent, releaseKey = false) {
    const current = this.rows.get(next.id);
    if (current?.status !== from) return false;
    if (next.status === "CONFIRMED" && this.replicas.rooms.get(next.roomId)?.status !== "LISTED") return false;
    this.save({ ...next, idempotencyKey: releaseKey ? null : current.idempotencyKey }, event);
    return true;
  }
  async delistRoom(roomId: string, version: number, decide: (confirmed: Reservation[]) => Array<{ next: Reservation; event: DomainEvent }>) {
    const replica = this.replicas.rooms.get(roomId);
    if (!replica) throw new Error(`room ${roomId} deleted before its registration was seen`);
    this.replicas.rooms.set(roomId, { ...replica, status: "DELISTED", version: Math.max(replica.version, version) });
    const decided = decide([...this.rows.values()].filter((r) => r.roomId === roomId && r.status === "CONFIRMED"));
    for (const { next, event } of decided) this.save(next, event);
    return decided.length;
  }
  async releaseAbandoned(before: Date, decide: (pending: Reservation) => { next: Reservation; event: DomainEvent }) {
    const abandoned = [...this.rows.values()].filter((r) => r.status === "PENDING" && r.createdAt < before);
    for (const pending of abandoned) {
      const { next, event } = decide(pending);
      this.save(next, event);
    }
    return abandoned.length;
  }

  /** The reservation as its past event left it. */
  given(event: DomainEvent): void {
    if (event.type !== "ReservationConfirmed") throw new Error(`the reservation store is not given ${event.type}`);
    const { reservationId: id, ...booked } = event.data;
    const at = new Date(event.occurredAt);
    this.save({ id, ...booked, status: "CONFIRMED", cancelledBy: null, rejectionReason: null, idempotencyKey: null, createdAt: at, updatedAt: at });
  }

  /** The port that waits for a decision, as a notice from the store (AwaitDecision). */
  decided(id: string): Promise<Reservation | null> {
    return new Promise((resolve) => {
      const look = () => {
        const row = this.rows.get(id);
        if (row?.status === "PENDING") return;
        this.watchers.delete(look);
        resolve(row ?? null);
      };
      this.watchers.add(look);
      look();
    });
  }

  private save(row: Reservation, event?: DomainEvent) {
    this.rows.set(row.id, row);
    if (event) this.outbox.push(event);
    for (const look of [...this.watchers]) look();
  }
}

/** The replica of rooms in the reservation context. */
export class InMemoryReplicas implements RoomReplicas, RoomReplicaWriter {
  readonly rooms = new Map<string, BookableRoom>();

  async find(roomId: string) {
    return this.rooms.get(roomId) ?? null;
  }
  async findMany(roomIds: readonly string[]) {
    return roomIds.flatMap((id) => this.rooms.get(id) ?? []);
  }
  async apply(change: RoomReplicaChange) {
    if (change.kind === "snapshot") {
      const known = this.rooms.get(change.room.id);
      if (!known || known.version < change.room.version) this.rooms.set(change.room.id, change.room);
      return;
    }
    const known = this.rooms.get(change.roomId);
    if (!known) throw new Error(`room ${change.roomId} changed before its registration was seen`);
    if (known.version >= change.version) return;
    const { pricePerNight = known.pricePerNight, capacity = known.capacity } = change.changes;
    this.rooms.set(change.roomId, { ...known, pricePerNight, capacity, version: change.version });
  }
}

/** The room context as the reservation context reads it synchronously; `down` makes it unreachable. */
export class InMemoryRoomDirectory implements RoomDirectory {
  readonly rooms = new Map<string, BookableRoom>();
  down = false;

  async find(roomId: string) {
    if (this.down) throw new RoomsUnavailableError("room context down");
    return this.rooms.get(roomId) ?? null;
  }
}
