import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createEvent, type DomainEvent } from "@airbnb/events";
import { DomainError } from "@airbnb/kernel";
import { testSources } from "@airbnb/testkit/use-case-spec";
import { loggedEventOf, TimelineReads, type EventLog, type NewLoggedEvent } from "../../src/application/saga-timeline.ts";
import type { TimelineLine } from "../../src/domain/saga-timeline.ts";

/** The log in memory, as the SQL one answers: the reservation's lines, their outside causes, each line's consequences. */
class MemoryEventLog implements EventLog {
  readonly events = new Map<string, NewLoggedEvent>();
  async record(event: NewLoggedEvent) {
    if (!this.events.has(event.eventId)) this.events.set(event.eventId, event);
  }
  async linesOf(reservationId: string): Promise<TimelineLine[]> {
    const all = [...this.events.values()];
    const own = all.filter((e) => e.reservationId === reservationId);
    const causes = all.filter((e) => e.reservationId !== reservationId && own.some((o) => o.causationId === e.eventId));
    return [...own, ...causes].map((e) => ({ ...e, recordedAt: e.occurredAt, consequences: all.filter((x) => x.causationId === e.eventId).length }));
  }
  async hostOf(roomId: string) {
    return [...this.events.values()].find((e) => e.roomId === roomId && e.reservationId === null && e.hostId)?.hostId ?? null;
  }
}

const sources = testSources();
const roomId = randomUUID();
const at = <E extends DomainEvent>(event: E, ms: number): E => ({ ...event, occurredAt: new Date(Date.UTC(2026, 11, 6, 9) + ms).toISOString() });
const room = { roomId, hostId: "host-1" };

/** A room, two stays in it, and its delisting, which cancels both (causation: the RoomDeleted). */
function delistedRoom() {
  const registered = at(createEvent("RoomRegistered", { ...room, version: 1, name: "Hanok", description: "d", city: "Seoul", pricePerNight: 100_000, capacity: 2 }, { correlationId: roomId, causationId: "req-0" }, sources), 0);
  const stay = (guestId: string, ms: number) => {
    const reservationId = randomUUID();
    const keys = { reservationId, roomId, guestId, hostId: "host-1", checkIn: "2027-01-10", checkOut: "2027-01-12", paymentId: randomUUID() };
    const origin = { correlationId: reservationId, causationId: `req-${guestId}` };
    const approved = at(createEvent("PaymentApproved", { paymentId: keys.paymentId, reservationId, roomId, guestId, amount: 200_000 }, origin, sources), ms);
    const confirmed = at(createEvent("ReservationConfirmed", { ...keys, nights: 2, guests: 1, amount: 200_000 }, origin, sources), ms + 40);
    const earned = at(createEvent("MileageEarned", { entryId: randomUUID(), guestId, reservationId, roomId, points: 2000 }, { correlationId: reservationId, causationId: confirmed.id }, sources), ms + 55);
    return { reservationId, keys, events: [approved, confirmed, earned] as DomainEvent[] };
  };
  const first = stay("guest-1", 1000);
  const second = stay("guest-2", 2000);
  const deleted = at(createEvent("RoomDeleted", { ...room, version: 2 }, { correlationId: roomId, causationId: "req-delist" }, sources), 5000);
  const cancel = (s: typeof first, ms: number) =>
    at(createEvent("ReservationCancelled", { ...s.keys, cancelledBy: "HOST" as const }, { correlationId: s.reservationId, causationId: deleted.id }, sources), ms);
  return { first, second, deleted, events: [registered, ...first.events, ...second.events, deleted, cancel(first, 5010), cancel(second, 5012)] };
}

async function given(events: DomainEvent[]) {
  const log = new MemoryEventLog();
  // Twice, in reverse: the log keeps each event once, and the timeline orders them itself.
  for (const event of [...events, ...events].reverse()) await log.record(loggedEventOf(event));
  return { log, reads: new TimelineReads(log) };
}

const guest = (userId: string) => ({ userId, roles: ["guest" as const] });
const host = (userId: string) => ({ userId, roles: ["host" as const] });
const codeOf = (promise: Promise<unknown>) => promise.then(() => "answered", (error: unknown) => (error instanceof DomainError ? error.code : String(error)));

describe("a reservation's saga timeline", () => {
  it("orders the saga's events with the delay since the previous one and what caused each", async () => {
    const { first } = delistedRoom();
    const { reads } = await given(first.events);
    expect(await reads.timeline(guest("guest-1"), first.reservationId, {})).toEqual([
      expect.objectContaining({ type: "PaymentApproved", source: "payment", sincePreviousMs: null, causedBy: null, causationId: "req-guest-1", consequences: 0 }),
      expect.objectContaining({ type: "ReservationConfirmed", source: "reservation", sincePreviousMs: 40, causedBy: null, consequences: 1 }),
      expect.objectContaining({ type: "MileageEarned", source: "mileage", sincePreviousMs: 15, causedBy: "ReservationConfirmed", consequences: 0 }),
    ]);
  });

  it("shows a delisting's RoomDeleted before the cancellation it caused, fanning out to every stay of the room", async () => {
    const { first, second, deleted, events } = delistedRoom();
    const { reads } = await given(events);
    const timeline = await reads.timeline(host("host-1"), first.reservationId, {});
    expect(timeline.map((entry) => [entry.type, entry.causedBy, entry.consequences])).toEqual([
      ["PaymentApproved", null, 0],
      ["ReservationConfirmed", null, 1],
      ["MileageEarned", "ReservationConfirmed", 0],
      ["RoomDeleted", null, 2],
      ["ReservationCancelled", "RoomDeleted", 0],
    ]);
    expect(timeline[3]).toMatchObject({ eventId: deleted.id, source: "room", sincePreviousMs: 5000 - 1055 });
    // The other stay's timeline holds the same cause, and none of the first stay's events.
    const other = await reads.timeline(guest("guest-2"), second.reservationId, {});
    expect(other.map((entry) => entry.type)).toEqual(["PaymentApproved", "ReservationConfirmed", "MileageEarned", "RoomDeleted", "ReservationCancelled"]);
    expect(other.some((entry) => first.events.some((event) => event.id === entry.eventId))).toBe(false);
  });

  it("pages like every list: first, then after the last entry the client has", async () => {
    const { first, events } = delistedRoom();
    const { reads } = await given(events);
    const whole = await reads.timeline(guest("guest-1"), first.reservationId, {});
    const one = await reads.timeline(guest("guest-1"), first.reservationId, { first: 2 });
    const two = await reads.timeline(guest("guest-1"), first.reservationId, { first: 2, after: one[1]!.eventId });
    const three = await reads.timeline(guest("guest-1"), first.reservationId, { first: 2, after: two[1]!.eventId });
    expect([...one, ...two, ...three]).toEqual(whole);
    expect(three).toHaveLength(1);
    // The delay of a page's first entry is still since the entry before it, on the previous page.
    expect(two[0]!.sincePreviousMs).toBe(15);
    expect(await reads.timeline(guest("guest-1"), first.reservationId, { first: 0 })).toEqual([]);
    expect(await codeOf(reads.timeline(guest("guest-1"), first.reservationId, { first: -1 }))).toBe("BAD_USER_INPUT");
    expect(await codeOf(reads.timeline(guest("guest-1"), first.reservationId, { after: randomUUID() }))).toBe("BAD_USER_INPUT");
    expect(await codeOf(reads.timeline(guest("guest-1"), first.reservationId, { after: "not-an-id" }))).toBe("BAD_USER_INPUT");
  });

  it("is its guest's and the room's host's: others FORBIDDEN, nobody UNAUTHENTICATED", async () => {
    const { first, events } = delistedRoom();
    const { reads } = await given(events);
    expect(await codeOf(reads.timeline(guest("guest-1"), first.reservationId, {}))).toBe("answered");
    expect(await codeOf(reads.timeline(host("host-1"), first.reservationId, {}))).toBe("answered");
    expect(await codeOf(reads.timeline(guest("guest-2"), first.reservationId, {}))).toBe("FORBIDDEN");
    expect(await codeOf(reads.timeline(host("host-2"), first.reservationId, {}))).toBe("FORBIDDEN");
    expect(await codeOf(reads.timeline(null, first.reservationId, {}))).toBe("UNAUTHENTICATED");
  });

  it("names the room's host from the room's events when the reservation's do not (a rejected booking)", async () => {
    const { events } = delistedRoom();
    const reservationId = randomUUID();
    const origin = { correlationId: reservationId, causationId: "req-9" };
    const declined = createEvent("PaymentDeclined", { paymentId: randomUUID(), reservationId, roomId, guestId: "guest-9", reason: "card declined" }, origin, sources);
    const rejected = createEvent("ReservationRejected", { reservationId, roomId, guestId: "guest-9", reason: "payment declined", paymentId: declined.data.paymentId }, origin, sources);
    const { reads } = await given([events[0]!, declined, rejected]);
    expect((await reads.timeline(host("host-1"), reservationId, {})).map((entry) => entry.type)).toHaveLength(2);
    expect(await codeOf(reads.timeline(host("host-2"), reservationId, {}))).toBe("FORBIDDEN");
  });

  it("is empty, for anyone signed in, before any of the reservation's events reached the log", async () => {
    const { reads } = await given([]);
    expect(await reads.timeline(guest("guest-1"), randomUUID(), {})).toEqual([]);
    expect(await codeOf(reads.timeline(null, randomUUID(), {}))).toBe("UNAUTHENTICATED");
  });
});
