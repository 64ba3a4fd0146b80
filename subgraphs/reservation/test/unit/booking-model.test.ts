import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEvent, dispatch, type DomainEvent } from "@airbnb/events";
import { DomainError, type Identity } from "@airbnb/kernel";
import { testSources } from "@airbnb/testkit/use-case-spec";
import { CancelReservation } from "../../src/application/cancel-reservation.ts";
import { currentRoom } from "../../src/application/current-room.ts";
import { onRoomEvent } from "../../src/application/on-room-event.ts";
import { ReserveRoom } from "../../src/application/reserve-room.ts";
import type { BookableRoom, Reservation } from "../../src/domain/reservation.ts";
import { InMemoryMileage, InMemoryPayments, InMemoryReplicas, InMemoryReservations, InMemoryRoomDirectory } from "./in-memory-world.ts";

const NOW = new Date("2027-01-01T12:00:00Z");
const TODAY = "2027-01-01";
const dayAt = (offset: number) => new Date(NOW.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const GUESTS: Identity[] = ["g1", "g2", "g3"].map((userId) => ({ userId, roles: ["guest"] }));

/** What the test knows for sure: each room as the room context holds it, and every price it ever had. */
interface Model {
  rooms: Array<BookableRoom & { prices: number[] }>;
  bookings: string[];
}

/** The contexts, on in-memory ports, with the events between them delivered when a command says so. */
class World {
  readonly sources = testSources(NOW.toISOString());
  readonly log: DomainEvent[] = [];
  pending: DomainEvent[] = [];
  readonly replicas = new InMemoryReplicas();
  readonly reservations = new InMemoryReservations(this.log, this.replicas);
  readonly directory = new InMemoryRoomDirectory();
  readonly payments = new InMemoryPayments(this.sources, this.log);
  readonly mileage = new InMemoryMileage(this.sources);
  readonly reserveRoom = new ReserveRoom(
    this.reservations,
    currentRoom(this.directory, this.replicas, (id) => this.replicas.find(id)),
    this.payments,
    (id) => this.reservations.decided(id),
    this.sources,
  );
  readonly cancelReservation = new CancelReservation(this.reservations, this.sources);
  private readonly roomConsumer = onRoomEvent(this.replicas, this.reservations, this.sources);
  private delivered = 0;

  /** Events committed since the last look join the ones not yet delivered. */
  collect(): void {
    this.pending.push(...this.log.slice(this.delivered));
    this.delivered = this.log.length;
  }

  /** Hands one event to the context(s) that consume it; a failure leaves it pending, as a nak would. */
  async deliver(index: number, redeliverLater: boolean): Promise<void> {
    this.collect();
    if (this.pending.length === 0) return;
    const [event] = this.pending.splice(index % this.pending.length, 1);
    try {
      if (event!.source === "room") await dispatch(this.roomConsumer, event!);
      if (event!.source === "reservation") await this.payments.onEvent(event!);
      if (event!.source === "payment") await this.mileage.policy.handle(event!);
      if (redeliverLater) this.pending.push(event!);
    } catch {
      this.pending.push(event!);
    }
    this.collect();
  }

  async drain(): Promise<void> {
    for (let guard = 0; guard < 10_000; guard++) {
      this.collect();
      if (this.pending.length === 0) return;
      await this.deliver(0, false);
    }
    throw new Error("events never settled");
  }

  roomEvent(event: DomainEvent): void {
    this.log.push(event);
  }
}

type Command = fc.AsyncCommand<Model, World>;

const codeOf = async (work: Promise<unknown>): Promise<string | Reservation> => {
  try {
    return (await work) as Reservation;
  } catch (error) {
    if (error instanceof DomainError) return error.code + (error.details.field ? `:${error.details.field}` : "");
    throw error;
  }
};

const confirmedOverlaps = (world: World) => {
  const confirmed = [...world.reservations.rows.values()].filter((r) => r.status === "CONFIRMED");
  return confirmed.filter((a) => confirmed.some((b) => a !== b && a.roomId === b.roomId && a.checkIn < b.checkOut && b.checkIn < a.checkOut));
};

class Book implements Command {
  constructor(readonly room: number, readonly guest: number, readonly start: number, readonly nights: number, readonly guests: number, readonly method: string) {}
  check = () => true;
  async run(model: Model, world: World) {
    const room = model.rooms[this.room % model.rooms.length]!;
    const roomsUp = !world.directory.down;
    const input = { roomId: room.id, checkIn: dayAt(this.start), checkOut: dayAt(this.start + this.nights), guests: this.guests, paymentMethod: this.method };
    const outcome = await codeOf(world.reserveRoom.execute({ identity: GUESTS[this.guest]!, requestId: randomUUID() }, input));
    if (typeof outcome === "string") {
      if (roomsUp && room.status === "DELISTED") expect(outcome).toBe("ROOM_UNAVAILABLE");
      else if (roomsUp && this.guests > room.capacity) expect(outcome).toBe("BAD_USER_INPUT:guests");
      else expect(["ROOM_UNAVAILABLE", "BAD_USER_INPUT:guests", ...(roomsUp ? [] : ["NOT_FOUND"])]).toContain(outcome);
    } else {
      model.bookings.push(outcome.id);
      expect(outcome.status).toBe(this.method === "card" ? "CONFIRMED" : "REJECTED");
      // The room as the host left it when the room context answers; some version it had when it does not.
      if (roomsUp) expect(outcome.amount).toBe(this.nights * room.pricePerNight);
      else expect(room.prices.map((price) => price * this.nights)).toContain(outcome.amount);
    }
    expect(confirmedOverlaps(world)).toEqual([]);
  }
  toString = () => `book(room ${this.room}, guest ${this.guest}, +${this.start}d × ${this.nights}, ${this.guests} guests, ${this.method})`;
}

class Cancel implements Command {
  constructor(readonly booking: number, readonly asOwner: boolean) {}
  check = (model: Readonly<Model>) => model.bookings.length > 0;
  async run(model: Model, world: World) {
    const before = (await world.reservations.find(model.bookings[this.booking % model.bookings.length]!))!;
    const guest = GUESTS.find((g) => (g.userId === before.guestId) === this.asOwner)!;
    const outcome = await codeOf(world.cancelReservation.execute({ identity: guest, requestId: randomUUID() }, before.id));
    if (!this.asOwner) return expect(outcome).toBe("FORBIDDEN");
    if (before.status === "CANCELLED") return expect(outcome).toEqual(before);
    if (before.status === "REJECTED" || before.checkIn <= TODAY) return expect(outcome).toBe("BAD_USER_INPUT:id");
    expect(outcome).toMatchObject({ status: "CANCELLED", cancelledBy: "GUEST" });
  }
  toString = () => `cancel(${this.booking}${this.asOwner ? "" : ", by another guest"})`;
}

class Modify implements Command {
  constructor(readonly room: number, readonly price: number, readonly capacity: number) {}
  check = (model: Readonly<Model>) => model.rooms[this.room % model.rooms.length]!.status === "LISTED";
  async run(model: Model, world: World) {
    const room = model.rooms[this.room % model.rooms.length]!;
    Object.assign(room, { pricePerNight: this.price, capacity: this.capacity, version: room.version + 1 });
    room.prices.push(this.price);
    world.directory.rooms.set(room.id, { ...room, prices: undefined } as unknown as BookableRoom);
    world.roomEvent(createEvent("RoomModified", { roomId: room.id, hostId: room.hostId, version: room.version, pricePerNight: this.price, capacity: this.capacity }, { correlationId: room.id, causationId: "model" }, world.sources));
  }
  toString = () => `modify(room ${this.room}, ${this.price}/night, sleeps ${this.capacity})`;
}

class Delete implements Command {
  constructor(readonly room: number) {}
  check = (model: Readonly<Model>) => model.rooms[this.room % model.rooms.length]!.status === "LISTED";
  async run(model: Model, world: World) {
    const room = model.rooms[this.room % model.rooms.length]!;
    Object.assign(room, { status: "DELISTED", version: room.version + 1 });
    world.directory.rooms.set(room.id, { ...room, prices: undefined } as unknown as BookableRoom);
    world.roomEvent(createEvent("RoomDeleted", { roomId: room.id, hostId: room.hostId, version: room.version }, { correlationId: room.id, causationId: "model" }, world.sources));
  }
  toString = () => `delete(room ${this.room})`;
}

class Deliver implements Command {
  constructor(readonly index: number, readonly again: boolean) {}
  check = () => true;
  async run(_: Model, world: World) {
    await world.deliver(this.index, this.again);
    expect(confirmedOverlaps(world)).toEqual([]);
  }
  toString = () => `deliver(${this.index}${this.again ? ", and again later" : ""})`;
}

class RoomsDown implements Command {
  constructor(readonly down: boolean) {}
  check = () => true;
  async run(_: Model, world: World) {
    world.directory.down = this.down;
  }
  toString = () => `room context ${this.down ? "down" : "up"}`;
}

/** Two guests at once on overlapping nights of one room. */
class BookTogether implements Command {
  constructor(readonly room: number, readonly start: number) {}
  check = () => true;
  async run(model: Model, world: World) {
    const room = model.rooms[this.room % model.rooms.length]!;
    const input = (shift: number) => ({ roomId: room.id, checkIn: dayAt(this.start + shift), checkOut: dayAt(this.start + shift + 2), guests: 1 });
    const outcomes = await Promise.all([0, 1].map((shift) => codeOf(world.reserveRoom.execute({ identity: GUESTS[shift]!, requestId: randomUUID() }, input(shift)))));
    for (const outcome of outcomes) if (typeof outcome !== "string") model.bookings.push(outcome.id);
    expect(outcomes.filter((o) => typeof o !== "string" && o.status === "CONFIRMED").length).toBeLessThanOrEqual(1);
    expect(confirmedOverlaps(world)).toEqual([]);
  }
  toString = () => `book together(room ${this.room}, +${this.start}d)`;
}

/** A booking that has read the room when the host deletes it, its delisting applied while the guest pays. */
class BookWhileDelisting implements Command {
  constructor(readonly room: number, readonly start: number) {}
  check = (model: Readonly<Model>) => model.rooms[this.room % model.rooms.length]!.status === "LISTED";
  async run(model: Model, world: World) {
    const room = model.rooms[this.room % model.rooms.length]!;
    const input = { roomId: room.id, checkIn: dayAt(this.start), checkOut: dayAt(this.start + 1), guests: 1 };
    const booking = codeOf(world.reserveRoom.execute({ identity: GUESTS[0]!, requestId: randomUUID() }, input));
    await new Delete(this.room).run(model, world);
    const [outcome] = await Promise.all([booking, world.drain()]);
    await world.drain();
    if (typeof outcome !== "string") model.bookings.push(outcome.id);
    const survivors = [...world.reservations.rows.values()].filter((r) => r.roomId === room.id && r.status === "CONFIRMED" && r.checkIn > TODAY);
    expect(survivors).toEqual([]);
  }
  toString = () => `book while delisting(room ${this.room}, +${this.start}d)`;
}

const commands = [
  fc.tuple(fc.nat(2), fc.nat(2), fc.nat(8), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom("card", "card", "declined-card"))
    .map(([room, guest, start, nights, guests, method]) => new Book(room, guest, start, nights, guests, method)),
  fc.tuple(fc.nat(50), fc.nat(4)).map(([booking, who]) => new Cancel(booking, who !== 0)),
  fc.tuple(fc.nat(2), fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 3 })).map(([room, price, capacity]) => new Modify(room, price, capacity)),
  fc.nat(2).map((room) => new Delete(room)),
  fc.tuple(fc.nat(20), fc.boolean()).map(([index, again]) => new Deliver(index, again)),
  fc.boolean().map((down) => new RoomsDown(down)),
  fc.tuple(fc.nat(2), fc.nat(8)).map(([room, start]) => new BookTogether(room, start)),
  fc.tuple(fc.nat(2), fc.nat(8)).map(([room, start]) => new BookWhileDelisting(room, start)),
];

describe("the booking flow against a model (reservation, payment and mileage on in-memory ports)", () => {
  it("keeps its promises whatever the order of commands and events", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 60 }), async (program) => {
        const world = new World();
        const model: Model = { rooms: [], bookings: [] };
        for (let i = 0; i < 3; i++) {
          const room = { id: randomUUID(), hostId: `h${i}`, pricePerNight: 1_000 * (i + 1), capacity: 2, status: "LISTED" as const, version: 1 };
          model.rooms.push({ ...room, prices: [room.pricePerNight] });
          world.directory.rooms.set(room.id, room);
          const { id: roomId, hostId, pricePerNight, capacity } = room;
          world.roomEvent(createEvent("RoomRegistered", { roomId, hostId, version: 1, name: "n", description: "d", city: "c", pricePerNight, capacity }, { correlationId: roomId, causationId: "model" }, world.sources));
        }
        await fc.asyncModelRun(() => ({ model, real: world }), program);
        await world.drain();

        const reservations = [...world.reservations.rows.values()];
        expect(confirmedOverlaps(world)).toEqual([]);
        // Delisting leaves no confirmed stay of a delisted room that has not begun.
        const delisted = new Set(model.rooms.filter((r) => r.status === "DELISTED").map((r) => r.id));
        expect(reservations.filter((r) => r.status === "CONFIRMED" && delisted.has(r.roomId) && r.checkIn > TODAY)).toEqual([]);
        // Every charge of a reservation that did not stay confirmed is refunded, once.
        for (const r of reservations) {
          const payment = world.payments.payments.get(r.id);
          if (r.status === "CONFIRMED") expect(payment?.status).toBe("APPROVED");
          else if (payment && payment.amount > 0 && r.status !== "PENDING") expect(payment.status === "REFUNDED" || payment.status === "DECLINED").toBe(true);
        }
        const refunds = world.log.filter((e) => e.type === "PaymentRefunded").map((e) => e.data.paymentId);
        expect(new Set(refunds).size).toBe(refunds.length);
        // Mileage: each balance is the sum of its entries, which is what the stays still confirmed earned.
        for (const guest of GUESTS) {
          const entries = await world.mileage.entriesOf(guest.userId);
          const earned = reservations.filter((r) => r.guestId === guest.userId && r.status === "CONFIRMED").reduce((sum, r) => sum + Math.floor(r.amount / 100), 0);
          expect(await world.mileage.balanceOf(guest.userId)).toBe(entries.reduce((sum, e) => sum + e.points, 0));
          expect(await world.mileage.balanceOf(guest.userId)).toBe(earned);
        }
      }),
      { numRuns: 150 },
    );
  });
});
