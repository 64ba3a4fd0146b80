import { describe, expect, it } from "vitest";
import { past, specification, testId } from "@airbnb/testkit/use-case-spec";
import { InMemoryMessages } from "./in-memory-messages.ts";

const roomId = testId(1, "e");
const reservationId = testId(2, "e");
const byRoom = { correlationId: roomId, causationId: "r" };
const byReservation = { correlationId: reservationId, causationId: "r" };
const registered = past(1, "RoomRegistered", { roomId, hostId: "host-1", version: 1, name: "Hanok Courtyard", description: "Quiet", city: "Seoul", pricePerNight: 100_000, capacity: 2 }, byRoom);
const renamed = past(2, "RoomModified", { roomId, hostId: "host-1", version: 2, name: "Garden Hanok" }, byRoom);
const stay = { reservationId, roomId, guestId: "guest-1", hostId: "host-1", paymentId: testId(3, "e"), checkIn: "2027-02-01", checkOut: "2027-02-04" };
const confirmed = past(3, "ReservationConfirmed", { ...stay, nights: 3, guests: 2, amount: 300_000 }, byReservation);
const delisted = past(4, "ReservationCancelled", { ...stay, cancelledBy: "HOST" }, byReservation);
const rejected = past(5, "ReservationRejected", { reservationId, roomId, guestId: "guest-1", reason: "card declined", paymentId: null }, byReservation);

const spec = specification({ world: (sources) => new InMemoryMessages(sources), given: (world, event) => world.policy.handle(event) });
const recipientsOf = (w: InMemoryMessages) => w.messages.map((m) => [m.recipientId, m.kind]);

describe("notifications", () => {
  it("tells the guest and the host of a confirmed stay, naming the room, and announces each message", () =>
    spec.given(registered).when((w) => w.policy.handle(confirmed)).then(
      [expect.objectContaining({ type: "MessageSent", causationId: confirmed.id }), expect.objectContaining({ type: "MessageSent", causationId: confirmed.id })],
      (_, w) => {
        expect(recipientsOf(w)).toEqual([["guest-1", "RESERVATION_CONFIRMED"], ["host-1", "RESERVATION_CONFIRMED"]]);
        expect(w.messages.every((m) => m.text.includes("Hanok Courtyard"))).toBe(true);
      },
    ));

  it("names the room as it was last renamed", () =>
    spec.given(registered, renamed).when((w) => w.policy.handle(confirmed)).then(
      [expect.objectContaining({ type: "MessageSent" }), expect.objectContaining({ type: "MessageSent" })],
      (_, w) => expect(w.messages.every((m) => m.text.includes("Garden Hanok"))).toBe(true),
    ));

  it("says the host delisted the room when the host cancelled", () =>
    spec.given(registered, confirmed).when((w) => w.policy.handle(delisted)).then(
      [expect.objectContaining({ type: "MessageSent" }), expect.objectContaining({ type: "MessageSent" })],
      (_, w) => {
        const guestNotice = w.messages.find((m) => m.recipientId === "guest-1" && m.kind === "RESERVATION_CANCELLED");
        expect(guestNotice?.text).toMatch(/delist/i);
      },
    ));

  it("tells nobody of a rejected booking", () =>
    spec.given(registered).when((w) => w.policy.handle(rejected)).then([], (_, w) => expect(w.messages).toEqual([])));

  it("writes once, however often an event arrives", () =>
    spec.given(registered, confirmed).when((w) => w.policy.handle(confirmed)).then([], (_, w) => expect(w.messages).toHaveLength(2)));
});
