import { setImmediate as tick } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { dispatch, type DomainEvent } from "@airbnb/events";
import type { Identity } from "@airbnb/kernel";
import { minted, past, specification, testId, TEST_NOW, type TestSources } from "@airbnb/testkit/use-case-spec";
import { CancelReservation } from "../../src/application/cancel-reservation.ts";
import { currentRoom } from "../../src/application/current-room.ts";
import { onRoomEvent } from "../../src/application/on-room-event.ts";
import { PaymentUnavailableError, type PaymentGateway } from "../../src/application/ports.ts";
import { releaseAbandoned } from "../../src/application/release-abandoned.ts";
import { ReserveRoom } from "../../src/application/reserve-room.ts";
import { requestReservation } from "../../src/domain/reservation.ts";
import { nightsOf } from "../../src/domain/stay.ts";
import { InMemoryPayments, InMemoryReplicas, InMemoryReservations, InMemoryRoomDirectory } from "./in-memory-world.ts";

const guest: Identity = { userId: "guest-1", roles: ["guest"] };
const ctx = (identity: Identity | null = guest, requestId = "req-1") => ({ identity, requestId });
const roomId = testId(1, "e");
const room = { roomId, hostId: "host-1" };
const registered = past(1, "RoomRegistered", { ...room, version: 1, name: "Hanok", description: "Quiet", city: "Seoul", pricePerNight: 100_000, capacity: 2 }, { correlationId: roomId, causationId: "r" });
const deleted = past(2, "RoomDeleted", { ...room, version: 2 }, { correlationId: roomId, causationId: "r" });
const stay = { checkIn: "2027-01-10", checkOut: "2027-01-13" };
const booking = { roomId, ...stay, guests: 2, paymentMethod: "card" };
/** The ReservationConfirmed of `booking` (reservation id 1), as the `seq`th id minted, paid by `paymentId`. */
const bookingConfirmed = (seq: number, paymentId: string) =>
  minted(seq, "ReservationConfirmed", { reservationId: testId(1), ...room, guestId: guest.userId, ...stay, nights: 3, guests: 2, amount: 300_000, paymentId }, { correlationId: testId(1), causationId: "req-1" });
const confirmedBefore = (reservationId: string, dates = stay) =>
  past(3, "ReservationConfirmed", { reservationId, ...room, guestId: guest.userId, ...dates, nights: 3, guests: 2, amount: 300_000, paymentId: testId(4, "e") }, { correlationId: reservationId, causationId: "r" });

/** Payment as the reservation context calls it: its real use case behind a gateway that can fail or make the caller wait. */
class PaymentDesk implements PaymentGateway {
  available = true;
  readonly retryAfterSeconds = 5;
  unreachable = false;
  /** Runs before the charge: what happens elsewhere while the guest pays. */
  meanwhile: () => Promise<unknown> = async () => {};
  constructor(readonly payment: InMemoryPayments) {}
  async charge(request: Parameters<PaymentGateway["charge"]>[0]) {
    await this.meanwhile();
    if (this.unreachable) throw new PaymentUnavailableError("no answer in time");
    return this.payment.charge(request);
  }
}

class ReservationWorld {
  readonly published: DomainEvent[] = [];
  readonly replicas = new InMemoryReplicas();
  readonly reservations = new InMemoryReservations(this.published, this.replicas);
  readonly directory = new InMemoryRoomDirectory();
  readonly payments: PaymentDesk;
  /** The wait for a concurrent request's decision runs out at once. */
  waitRunsOut = false;
  readonly reserveRoom: ReserveRoom;
  readonly cancelReservation: CancelReservation;
  readonly onRoomEvent: (event: DomainEvent) => Promise<void>;

  constructor(readonly sources: TestSources) {
    this.payments = new PaymentDesk(new InMemoryPayments(sources));
    const rooms = currentRoom(this.directory, this.replicas, (id) => this.replicas.find(id));
    const awaitDecision = (id: string) => (this.waitRunsOut ? this.reservations.find(id) : this.reservations.decided(id));
    this.reserveRoom = new ReserveRoom(this.reservations, rooms, this.payments, awaitDecision, sources);
    this.cancelReservation = new CancelReservation(this.reservations, sources);
    const roomHandlers = onRoomEvent(this.replicas, this.reservations, sources);
    this.onRoomEvent = (event) => dispatch(roomHandlers, event);
  }

  /** Room events reach the replica through the consumer; the room context answers as it now is. */
  async given(event: DomainEvent) {
    if (event.type !== "RoomRegistered" && event.type !== "RoomModified" && event.type !== "RoomDeleted") return this.reservations.given(event);
    await this.onRoomEvent(event);
    this.directory.rooms.set(event.data.roomId, this.replicas.rooms.get(event.data.roomId)!);
  }
}

const spec = specification({ world: (sources) => new ReservationWorld(sources), given: (world, event) => world.given(event) });

describe("ReserveRoom", () => {
  it("holds the nights, charges nights × price and confirms", () =>
    spec.given(registered).when((w) => w.reserveRoom.execute(ctx(), booking)).then(
      [bookingConfirmed(4, testId(2))],
      (reservation, w) => {
        expect(reservation).toMatchObject({ id: testId(1), status: "CONFIRMED", amount: 300_000, createdAt: new Date(TEST_NOW) });
        expect(w.payments.payment.payments.get(testId(1))).toMatchObject({ id: testId(2), status: "APPROVED", amount: 300_000 });
      },
    ));

  it("rejects with payment's reason when the card is declined, and holds nothing", () =>
    spec.given(registered).when((w) => w.reserveRoom.execute(ctx(), { ...booking, paymentMethod: "declined-card" })).then(
      [minted(4, "ReservationRejected", { reservationId: testId(1), roomId, guestId: guest.userId, reason: "card declined by issuer", paymentId: testId(2) }, { correlationId: testId(1), causationId: "req-1" })],
      async (reservation, w) => {
        expect(reservation.status).toBe("REJECTED");
        expect(await w.reservations.overlaps(roomId, stay.checkIn, stay.checkOut)).toBe(false);
      },
    ));

  it("refuses nights another stay holds", () =>
    spec.given(registered, confirmedBefore(testId(9, "e"), { checkIn: "2027-01-12", checkOut: "2027-01-15" })).when((w) => w.reserveRoom.execute(ctx(), booking)).thenFails("ROOM_UNAVAILABLE"));

  it("refuses a delisted room, and finds no room it does not know", async () => {
    await spec.given(registered, deleted).when((w) => w.reserveRoom.execute(ctx(), booking)).thenFails("ROOM_UNAVAILABLE");
    await spec.given().when((w) => w.reserveRoom.execute(ctx(), booking)).thenFails("NOT_FOUND");
  });

  it("answers bad input on the field at fault, and a host with FORBIDDEN", async () => {
    const field = (name: string) => (error: { details: { field?: string } }) => expect(error.details.field).toBe(name);
    await spec.given(registered).when((w) => w.reserveRoom.execute(ctx(), { ...booking, guests: 3 })).thenFails("BAD_USER_INPUT", [], field("guests"));
    await spec.given(registered).when((w) => w.reserveRoom.execute(ctx(), { ...booking, checkIn: "2026-12-31" })).thenFails("BAD_USER_INPUT", [], field("checkIn"));
    await spec.given(registered).when((w) => w.reserveRoom.execute(ctx({ userId: "h", roles: ["host"] }), booking)).thenFails("FORBIDDEN");
  });

  it("releases the nights and the key when payment cannot be reached, and says when to retry", () =>
    spec
      .given(registered)
      .when((w) => {
        w.payments.unreachable = true;
        return w.reserveRoom.execute(ctx(), { ...booking, idempotencyKey: "k1" });
      })
      .thenFails(
        "PAYMENT_UNAVAILABLE",
        [minted(2, "ReservationRejected", { reservationId: testId(1), roomId, guestId: guest.userId, reason: "payment unavailable", paymentId: null }, { correlationId: testId(1), causationId: "req-1" })],
        async (error, w) => {
          expect(error.details.retryAfterSeconds).toBe(5);
          expect(w.reservations.rows.get(testId(1))).toMatchObject({ status: "REJECTED", idempotencyKey: null });
          expect(await w.reservations.overlaps(roomId, stay.checkIn, stay.checkOut)).toBe(false);
        },
      ));

  it("holds nothing while the breaker in front of payment is open", () =>
    spec
      .given(registered)
      .when((w) => {
        w.payments.available = false;
        return w.reserveRoom.execute(ctx(), booking);
      })
      .thenFails("PAYMENT_UNAVAILABLE", [], (_, w) => expect(w.reservations.rows.size).toBe(0)));

  it("answers a retry with the key with the first outcome, charging once", () =>
    spec
      .given(registered)
      .when(async (w) => [await w.reserveRoom.execute(ctx(), { ...booking, idempotencyKey: "k1" }), await w.reserveRoom.execute(ctx(guest, "req-2"), { ...booking, idempotencyKey: "k1" })] as const)
      .then(
        [bookingConfirmed(4, testId(2))],
        ([first, retry], w) => {
          expect(retry).toEqual(first);
          expect(w.payments.payment.published).toHaveLength(1);
        },
      ));

  it("makes a retry with the key wait for the first request's payment, then answers its outcome", () =>
    spec
      .given(registered)
      .when(async (w) => {
        let pay!: () => void;
        w.payments.meanwhile = () => new Promise<void>((resolve) => (pay = resolve));
        const first = w.reserveRoom.execute(ctx(), { ...booking, idempotencyKey: "k1" });
        await tick();
        let retried = false;
        const retry = w.reserveRoom.execute(ctx(guest, "req-2"), { ...booking, idempotencyKey: "k1" }).finally(() => (retried = true));
        await tick();
        expect(retried).toBe(false);
        pay();
        return Promise.all([first, retry]);
      })
      .then(
        [bookingConfirmed(4, testId(2))],
        ([first, retry]) => expect(retry).toEqual(first),
      ));

  it("makes a retry that raced the first request to the key lose the hold and wait for its outcome", () =>
    spec
      .given(registered)
      .when((w) => Promise.all([w.reserveRoom.execute(ctx(), { ...booking, idempotencyKey: "k1" }), w.reserveRoom.execute(ctx(guest, "req-2"), { ...booking, idempotencyKey: "k1" })]))
      .then(
        // The retry's own reservation (id 2) was refused by the key; the first's payment and event come after it.
        [bookingConfirmed(5, testId(3))],
        ([first, retry], w) => {
          expect(retry).toEqual(first);
          expect(w.reservations.rows.size).toBe(1);
        },
      ));

  it("answers PAYMENT_UNAVAILABLE to a retry whose wait for the first request runs out", () =>
    spec
      .given(registered)
      .when(async (w) => {
        w.payments.meanwhile = () => new Promise<void>(() => {});
        w.waitRunsOut = true;
        void w.reserveRoom.execute(ctx(), { ...booking, idempotencyKey: "k1" });
        await tick();
        return w.reserveRoom.execute(ctx(guest, "req-2"), { ...booking, idempotencyKey: "k1" });
      })
      .thenFails("PAYMENT_UNAVAILABLE"));

  it("rejects a booking whose room was delisted while the guest paid (payment refunds the rejection)", () =>
    spec
      .given(registered)
      .when((w) => {
        w.payments.meanwhile = () => w.given(deleted);
        return w.reserveRoom.execute(ctx(), booking);
      })
      .then(
        // The confirmation's event (id 4) was decided, refused by the store with it, and never published.
        [minted(5, "ReservationRejected", { reservationId: testId(1), roomId, guestId: guest.userId, reason: "room delisted while paying", paymentId: testId(2) }, { correlationId: testId(1), causationId: "req-1" })],
        (reservation) => expect(reservation.status).toBe("REJECTED"),
      ));
});

describe("CancelReservation", () => {
  const reservationId = testId(9, "e");

  it("cancels the guest's stay that has not begun; refund, mileage and messages follow from the event", () =>
    spec.given(registered, confirmedBefore(reservationId)).when((w) => w.cancelReservation.execute(ctx(), reservationId)).then(
      [minted(1, "ReservationCancelled", { reservationId, ...room, guestId: guest.userId, paymentId: testId(4, "e"), ...stay, cancelledBy: "GUEST" }, { correlationId: reservationId, causationId: "req-1" })],
      async (cancelled, w) => {
        expect(cancelled).toMatchObject({ status: "CANCELLED", cancelledBy: "GUEST", updatedAt: new Date(TEST_NOW) });
        expect(await w.reservations.overlaps(roomId, stay.checkIn, stay.checkOut)).toBe(false);
      },
    ));

  it("answers a second cancellation with the cancelled stay, announcing nothing", () =>
    spec
      .given(registered, confirmedBefore(reservationId))
      .when(async (w) => {
        await w.cancelReservation.execute(ctx(), reservationId);
        w.published.length = 0;
        return w.cancelReservation.execute(ctx(guest, "req-2"), reservationId);
      })
      .then([], (again) => expect(again.status).toBe("CANCELLED")));

  it("refuses a stay that has begun (today, UTC)", () =>
    spec.given(registered, confirmedBefore(reservationId, { checkIn: "2027-01-01", checkOut: "2027-01-04" })).when((w) => w.cancelReservation.execute(ctx(), reservationId)).thenFails("BAD_USER_INPUT"));

  it("is the guest's own, and finds nothing by an unknown id", async () => {
    await spec.given(registered, confirmedBefore(reservationId)).when((w) => w.cancelReservation.execute(ctx({ userId: "guest-2", roles: ["guest"] }), reservationId)).thenFails("FORBIDDEN");
    await spec.given().when((w) => w.cancelReservation.execute(ctx(), testId(7, "e"))).thenFails("NOT_FOUND");
    await spec.given().when((w) => w.cancelReservation.execute(ctx(), "not-an-id")).thenFails("NOT_FOUND");
  });
});

describe("releaseAbandoned", () => {
  it("rejects the stays PENDING longer than the bound, keeping newer ones; payment refunds any charge that went through", () =>
    spec
      .given(registered)
      .when(async (w) => {
        const hold = async (id: string, checkIn: string, checkOut: string) =>
          w.reservations.hold(requestReservation(w.replicas.rooms.get(roomId)!, { id, guestId: guest.userId, stay: nightsOf(checkIn, checkOut), guests: 1, idempotencyKey: null }, w.sources.clock()));
        await hold(testId(7, "e"), "2027-01-10", "2027-01-11");
        w.sources.advance(30_000);
        await hold(testId(8, "e"), "2027-01-11", "2027-01-12");
        w.sources.advance(30_000);
        return releaseAbandoned(w.reservations, 45_000, w.sources);
      })
      .then(
        [
          minted(1, "ReservationRejected", { reservationId: testId(7, "e"), roomId, guestId: guest.userId, reason: "abandoned while paying", paymentId: null },
            { correlationId: testId(7, "e"), causationId: "sweep:2027-01-01T12:01:00.000Z" }, "2027-01-01T12:01:00.000Z"),
        ],
        (released, w) => {
          expect(released).toBe(1);
          expect(w.reservations.rows.get(testId(8, "e"))?.status).toBe("PENDING");
        },
      ));
});
