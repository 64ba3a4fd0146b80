import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl, systemSources } from "@airbnb/config";
import { connectDatabase, type Database } from "@airbnb/db";
import { createEvent, type DomainEvent } from "@airbnb/events";
import type { Identity } from "@airbnb/kernel";
import { startTestSubgraph, waitFor, type TestSubgraph } from "@airbnb/testkit";
import { loggedEventOf } from "../../src/application/saga-timeline.ts";
import { backfillEventLog } from "../../src/infrastructure/event-log-backfill.ts";
import { SqlEventLog } from "../../src/infrastructure/sql-event-log.ts";
import { viewpageSubgraph } from "../../src/subgraph.ts";
import { roomEvents } from "./board-events.ts";

const sources = systemSources();

const TIMELINE = `query($reps: [_Any!]!, $first: Int, $after: ID) { _entities(representations: $reps) { ... on Reservation {
  id timeline(first: $first, after: $after) { eventId type source occurredAt sincePreviousMs causationId causedBy consequences loggedAfterMs } } } }`;

let subgraph: TestSubgraph;
let db: Database;
const guest: Identity = { userId: "guest-1", roles: ["guest"] };
const host: Identity = { userId: "host-1", roles: ["host"] };

const timelineOf = (reservationId: string, identity: Identity | null, page: { first?: number; after?: string } = {}) =>
  subgraph.query(TIMELINE, { reps: [{ __typename: "Reservation", id: reservationId }], ...page }, identity);
const logged = async (ids: string[]) => (await db.query<{ n: number }>`SELECT count(*)::int AS n FROM event_log WHERE event_id = ANY(${ids}::uuid[])`)[0]!.n;
const after = (event: DomainEvent, ms: number) => new Date(Date.parse(event.occurredAt) + ms).toISOString();
const publishAll = async (...events: DomainEvent[]) => {
  for (const event of events) await subgraph.bus.publish(event);
};

beforeAll(async () => {
  subgraph = await startTestSubgraph(viewpageSubgraph, "viewpage-timeline");
  db = connectDatabase(databaseUrl("viewpage", subgraph.env), 2);
});

afterAll(async () => {
  await subgraph?.stop();
  await db?.close();
});

describe("the viewpage's saga timeline, from the stream through Postgres", () => {
  it("logs every event once and serves a delisted stay's timeline with the RoomDeleted that cancelled it and its fan-out", async () => {
    const room = roomEvents();
    const stays = [room.booking(), room.booking()];
    const delisting = createEvent("RoomDeleted", { roomId: room.roomId, hostId: "host-1", version: 2 }, { correlationId: room.roomId, causationId: randomUUID() }, sources);
    const deleted = { ...delisting, occurredAt: after(stays[1]!.confirmed, 1000) };
    const cancelled = stays.map((stay, i) =>
      ({ ...stay.cancelled, occurredAt: after(deleted, 10 + i), causationId: deleted.id, data: { ...stay.cancelled.data, cancelledBy: "HOST" } }) as DomainEvent);
    const events = [room.registered(), ...stays.flatMap((s) => [s.confirmed, { ...s.approved, occurredAt: after(s.confirmed, 5) }]), deleted, ...cancelled];
    await publishAll(...events);
    await waitFor(async () => (await logged(events.map((e) => e.id))) === events.length, { what: "every event in the log" });
    // A redelivery (JetStream would drop a same-id republish in its duplicate window) is logged once.
    const log = new SqlEventLog(db);
    await log.record(loggedEventOf(stays[0]!.confirmed));
    expect(await logged([stays[0]!.confirmed.id])).toBe(1);

    const { data, errors } = await timelineOf(stays[0]!.reservationId, guest);
    expect(errors).toBeUndefined();
    const timeline = data!._entities[0].timeline as Array<Record<string, unknown>>;
    expect(timeline.map((e) => [e.type, e.source, e.causedBy, e.consequences])).toEqual([
      ["ReservationConfirmed", "reservation", null, 0],
      ["PaymentApproved", "payment", null, 0],
      ["RoomDeleted", "room", null, 2],
      ["ReservationCancelled", "reservation", "RoomDeleted", 0],
    ]);
    expect(timeline[0]).toMatchObject({ eventId: stays[0]!.confirmed.id, sincePreviousMs: null, occurredAt: stays[0]!.confirmed.occurredAt });
    expect(timeline[1]!.sincePreviousMs).toBe(5);
    // Logged after it occurred (the later events here were dated ahead, so only the first is a measure).
    expect(timeline[0]!.loggedAfterMs).toBeGreaterThanOrEqual(0);
    expect(timeline[3]!.causationId).toBe(deleted.id);

    const page = await timelineOf(stays[0]!.reservationId, host, { first: 1, after: timeline[1]!.eventId as string });
    expect(page.data!._entities[0].timeline).toEqual([timeline[2]]);
  });

  it("answers FORBIDDEN to other users, UNAUTHENTICATED to nobody, BAD_USER_INPUT for an unknown after", async () => {
    const room = roomEvents();
    const stay = room.booking();
    await publishAll(room.registered(), stay.confirmed);
    await waitFor(async () => (await logged([stay.confirmed.id])) === 1, { what: "the booking in the log" });
    const codeOf = async (identity: Identity | null, page = {}) => (await timelineOf(stay.reservationId, identity, page)).errors?.[0]?.extensions?.code;
    expect(await codeOf({ userId: "guest-2", roles: ["guest"] })).toBe("FORBIDDEN");
    expect(await codeOf(null)).toBe("UNAUTHENTICATED");
    expect(await codeOf(guest, { after: randomUUID() })).toBe("BAD_USER_INPUT");
    expect(await codeOf(guest)).toBeUndefined();
  });

  it("records, on a rebuild, the events the stream holds that the log lacks (those before the log existed)", async () => {
    const room = roomEvents();
    const stay = room.booking();
    await publishAll(room.registered(), stay.confirmed, stay.approved);
    const ids = [stay.confirmed.id, stay.approved.id];
    await waitFor(async () => (await logged(ids)) === 2, { what: "the booking in the log" });
    await db.execute`DELETE FROM event_log WHERE reservation_id = ${stay.reservationId}`;
    expect((await timelineOf(stay.reservationId, guest)).data!._entities[0].timeline).toEqual([]);

    const { replayed, recorded } = await backfillEventLog(db, subgraph.bus);
    expect(recorded).toBe(2);
    expect(replayed).toBeGreaterThanOrEqual(3);
    expect((await timelineOf(stay.reservationId, guest)).data!._entities[0].timeline.map((e: { eventId: string }) => e.eventId).sort()).toEqual([...ids].sort());
  });
});
