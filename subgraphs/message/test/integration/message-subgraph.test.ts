import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemSources } from "@airbnb/config";
import { createEvent, subjectOf, type DomainEvent } from "@airbnb/events";
import type { Identity } from "@airbnb/kernel";
import { consumerCaughtUp, EventBus } from "@airbnb/nats";
import { errorCode, startTestSubgraph, waitFor, type TestSubgraph } from "@airbnb/testkit";
import { messageSubgraph } from "../../src/subgraph.ts";

const sources = systemSources();

const MY_MESSAGES = `query($first: Int) { myMessages(first: $first) { id recipientId kind reservationId roomId text createdAt } }`;

let subgraph: TestSubgraph;
let bus: EventBus;
const sent: Array<{ type: string; data: Record<string, unknown> }> = [];

beforeAll(async () => {
  subgraph = await startTestSubgraph(messageSubgraph, "message-int");
  bus = subgraph.bus;
  const sub = bus.nc.subscribe(`${subgraph.env.NATS_SUBJECT_PREFIX}.message.>`);
  void (async () => {
    for await (const msg of sub) sent.push(msg.json());
  })();
});

afterAll(async () => {
  await subgraph?.stop();
});

const person = (): Identity => ({ userId: `user-${randomUUID()}`, roles: ["guest", "host"] });
const origin = (correlationId: string) => ({ correlationId, causationId: randomUUID() });

function registerRoom(name: string) {
  const roomId = randomUUID();
  const data = { roomId, hostId: "h", version: 1, name, description: "d", city: "Seoul", pricePerNight: 100_000, capacity: 2 };
  return { roomId, event: createEvent("RoomRegistered", data, origin(roomId), sources) };
}

function booking(roomId: string, guest: Identity, host: Identity) {
  const reservationId = randomUUID();
  const data = { reservationId, roomId, guestId: guest.userId, hostId: host.userId, checkIn: "2026-12-01", checkOut: "2026-12-04", paymentId: randomUUID() };
  return {
    reservationId,
    confirmed: createEvent("ReservationConfirmed", { ...data, nights: 3, guests: 2, amount: 300_000 }, origin(reservationId), sources),
    cancelled: createEvent("ReservationCancelled", { ...data, cancelledBy: "GUEST" as const }, origin(reservationId), sources),
    mileage: (type: "MileageEarned" | "MileageDeducted", points: number) =>
      createEvent(type, { entryId: randomUUID(), guestId: guest.userId, reservationId, roomId, points }, origin(reservationId), sources),
  };
}

const messagesOf = async (identity: Identity, first?: number) => (await subgraph.query(MY_MESSAGES, { first }, identity)).data?.myMessages;
const texts = async (identity: Identity) => (await messagesOf(identity)).map((m: { text: string }) => m.text);
const caughtUp = () => waitFor(() => consumerCaughtUp(bus, "message"), { what: "the message consumer to catch up" });
/** The same envelope again under another Nats-Msg-Id: the stream keeps it, as after a redelivery. */
const republish = (event: DomainEvent) => bus.js.publish(subjectOf(bus.names.prefix, event.type), JSON.stringify(event), { msgID: randomUUID() });

describe("message subgraph", () => {
  it("tells the guest and the host of a confirmed stay, naming the room, and announces each message", async () => {
    const [guest, host] = [person(), person()];
    const room = registerRoom("Hanok Courtyard");
    await bus.publish(room.event);
    const stay = booking(room.roomId, guest, host);
    await bus.publish(stay.confirmed);
    const [toGuest] = await waitFor(() => messagesOf(guest).then((m) => m.length > 0 && m));
    expect(toGuest).toMatchObject({
      recipientId: guest.userId, kind: "RESERVATION_CONFIRMED", reservationId: stay.reservationId, roomId: room.roomId,
      text: "Your stay at Hanok Courtyard, 2026-12-01 to 2026-12-04 (3 nights), is confirmed.",
    });
    expect(await texts(host)).toEqual(["Guest booked Hanok Courtyard for 2026-12-01 to 2026-12-04 (3 nights)."]);
    await waitFor(() => sent.filter((e) => e.data.reservationId === stay.reservationId).length === 2);
    expect(sent.find((e) => e.data.messageId === toGuest.id)?.data).toEqual({
      messageId: toGuest.id, recipientId: guest.userId, kind: "RESERVATION_CONFIRMED", reservationId: stay.reservationId, roomId: room.roomId,
    });
  });

  it("uses the newest room name, ignoring changes older than the one held", async () => {
    const [guest, host] = [person(), person()];
    const room = registerRoom("Hanok Courtyard");
    const rename = (name: string, version: number) =>
      createEvent("RoomModified", { roomId: room.roomId, hostId: "h", version, name }, origin(room.roomId), sources);
    const stay = booking(room.roomId, guest, host);
    await bus.publish(room.event);
    await bus.publish(rename("Hanok Garden", 3));
    await bus.publish(rename("Hanok Late", 2));
    await bus.publish(createEvent("RoomModified", { roomId: room.roomId, hostId: "h", version: 4, pricePerNight: 1 }, origin(room.roomId), sources));
    await bus.publish(stay.cancelled);
    await bus.publish(stay.mileage("MileageEarned", 3000));
    await bus.publish(stay.mileage("MileageDeducted", 3000));
    await waitFor(async () => (await messagesOf(guest)).length === 3);
    expect(await texts(guest)).toEqual(expect.arrayContaining([
      "Your stay at Hanok Garden, 2026-12-01 to 2026-12-04 (3 nights), is cancelled.",
      "You earned 3000 points for your stay at Hanok Garden.",
      "We deducted 3000 points earned for your stay at Hanok Garden.",
    ]));
    expect(await texts(host)).toEqual(["Guest cancelled their stay at Hanok Garden, 2026-12-01 to 2026-12-04 (3 nights)."]);
  });

  it("says 'your room' for a room it has not heard of, without waiting", async () => {
    const [guest, host] = [person(), person()];
    await bus.publish(booking(randomUUID(), guest, host).confirmed);
    await waitFor(async () => (await texts(host))[0] === "Guest booked your room for 2026-12-01 to 2026-12-04 (3 nights).");
  });

  it("writes one message per event and recipient, however often the event arrives", async () => {
    const [guest, host] = [person(), person()];
    const stay = booking(randomUUID(), guest, host);
    await bus.publish(stay.confirmed);
    await republish(stay.confirmed);
    await republish(stay.confirmed);
    const own = booking(randomUUID(), guest, guest); // a host booking their own room is told once
    await bus.publish(own.confirmed);
    await caughtUp();
    expect(await messagesOf(guest)).toHaveLength(2);
    expect(await messagesOf(host)).toHaveLength(1);
    // Committed before the consumer acknowledged; the relay publishes them just after.
    const announced = () => sent.filter((e) => e.data.reservationId === stay.reservationId || e.data.reservationId === own.reservationId);
    await waitFor(() => announced().length >= 3);
    expect(announced()).toHaveLength(3);
  });

  it("lists only the caller's messages, newest first, with first clamped to 1..200; anonymous callers are refused", async () => {
    const [guest, host] = [person(), person()];
    const stay = booking(randomUUID(), guest, host);
    await bus.publish(stay.confirmed);
    await waitFor(async () => (await messagesOf(guest)).length === 1);
    await bus.publish(stay.cancelled);
    await waitFor(async () => (await messagesOf(guest)).length === 2);
    expect((await messagesOf(guest)).map((m: { kind: string }) => m.kind)).toEqual(["RESERVATION_CANCELLED", "RESERVATION_CONFIRMED"]);
    expect(await messagesOf(guest, 0)).toHaveLength(0);
    expect(await messagesOf(person())).toEqual([]);
    expect(errorCode(await subgraph.query(MY_MESSAGES, {}, null))).toBe("UNAUTHENTICATED");
  });

  it("skips a malformed event without blocking the next one", async () => {
    await bus.js.publish(`${bus.names.prefix}.reservation.confirmed`, new TextEncoder().encode("\u0000garbage"));
    const [guest, host] = [person(), person()];
    await bus.publish(booking(randomUUID(), guest, host).confirmed);
    await waitFor(async () => (await messagesOf(guest)).length === 1);
  });
});
