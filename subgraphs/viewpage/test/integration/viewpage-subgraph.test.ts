import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "@airbnb/config";
import { connectDatabase, type Database } from "@airbnb/db";
import { subjectOf, type DomainEvent } from "@airbnb/events";
import { EventBus } from "@airbnb/nats";
import { startTestSubgraph, waitFor, type TestSubgraph } from "@airbnb/testkit";
import { projectEvent } from "../../src/application/board-projection.ts";
import { SqlBoardStore } from "../../src/infrastructure/sql-board-store.ts";
import { viewpageSubgraph } from "../../src/subgraph.ts";
import { roomEvents } from "./board-events.ts";

const FIELDS = `roomId roomName roomCity roomStatus lastReservationId lastReservationStatus lastPaymentStatus
  confirmedReservations reviewCount averageRating mileagePointsIssued lastEventType updatedAt`;
const BOARD = `query($first: Int, $after: ID) { roomBoard(first: $first, after: $after) { ${FIELDS} } }`;
const TOTALS = `{ boardTotals { rooms roomsListed staysConfirmed revenue mileagePointsIssued bookingsToday } }`;
const ROOM = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Room { id board { ${FIELDS} } } } }`;

let subgraph: TestSubgraph;
let bus: EventBus;
let db: Database;

const countOf = async (rows: Promise<Array<{ count: number }>>) => (await rows)[0]?.count;
const publishAll = async (...events: DomainEvent[]) => {
  for (const event of events) await bus.publish(event);
};
const boardOf = async (roomId: string) =>
  (await subgraph.query(ROOM, { reps: [{ __typename: "Room", id: roomId }] })).data?._entities[0].board;
/** Waits until the row shows the event that was published last. */
const boardAfter = (roomId: string, check: (row: Record<string, any>) => boolean) =>
  waitFor(async () => {
    const row = await boardOf(roomId);
    return check(row) && row;
  }, { what: `board row of ${roomId}` });

beforeAll(async () => {
  subgraph = await startTestSubgraph(viewpageSubgraph, "viewpage-int");
  bus = subgraph.bus;
  db = connectDatabase(databaseUrl("viewpage", subgraph.env), 2);
});

afterAll(async () => {
  await subgraph?.stop();
  await db?.close();
});

describe("viewpage subgraph", () => {
  it("shows a booking, then its cancellation, from events alone", async () => {
    const room = roomEvents();
    const booking = room.booking(250_000);
    await publishAll(room.registered("Hanok"), booking.confirmed, booking.approved, booking.earned);
    const booked = await boardAfter(room.roomId, (row) => row.mileagePointsIssued === 2500 && row.lastPaymentStatus !== null);
    expect(booked).toMatchObject({
      roomName: "Hanok", roomStatus: "LISTED", lastReservationId: booking.reservationId, lastReservationStatus: "CONFIRMED",
      lastPaymentStatus: "APPROVED", confirmedReservations: 1, mileagePointsIssued: 2500, lastEventType: "MileageEarned",
      reviewCount: 0, averageRating: null,
    });

    await publishAll(booking.cancelled, booking.refunded, booking.deducted);
    const cancelled = await boardAfter(room.roomId, (row) => row.lastEventType === "MileageDeducted");
    expect(cancelled).toMatchObject({ lastReservationStatus: "CANCELLED", lastPaymentStatus: "REFUNDED", confirmedReservations: 0, mileagePointsIssued: 0 });
  });

  it("starts a row from a reservation event and lets a newer room event name it, never an older one", async () => {
    const room = roomEvents();
    const booking = room.booking();
    await publishAll(booking.confirmed);
    expect(await boardAfter(room.roomId, (row) => row.confirmedReservations === 1)).toMatchObject({ roomName: "", roomStatus: "LISTED" });
    await publishAll(room.renamed("Hanok II", 2), room.registered("Hanok", 1), room.reviewed(4), room.reviewed(5));
    const row = await boardAfter(room.roomId, (r) => r.reviewCount === 2);
    expect(row).toMatchObject({ roomName: "Hanok II", roomCity: "Busan", averageRating: 4.5, confirmedReservations: 1 });
  });

  it("answers a room the board has not seen with a neutral entry", async () => {
    const roomId = randomUUID();
    expect(await boardOf(roomId)).toMatchObject({
      roomId, roomName: "", roomStatus: "LISTED", lastReservationId: null, lastReservationStatus: null, lastPaymentStatus: null,
      confirmedReservations: 0, reviewCount: 0, averageRating: null, mileagePointsIssued: 0, lastEventType: null,
    });
  });

  it("applies an event delivered twice once", async () => {
    const room = roomEvents();
    const booking = room.booking();
    // A second stream message with the same event (as after the duplicate window): only the inbox can tell.
    const subject = subjectOf(subgraph.env.NATS_SUBJECT_PREFIX!, "ReservationConfirmed");
    await bus.js.publish(subject, JSON.stringify(booking.confirmed), { msgID: randomUUID() });
    await bus.js.publish(subject, JSON.stringify(booking.confirmed), { msgID: randomUUID() });
    await publishAll(room.reviewed(3));
    await boardAfter(room.roomId, (row) => row.reviewCount === 1);
    expect(await boardOf(room.roomId)).toMatchObject({ confirmedReservations: 1 });
    expect(await countOf(db.query`SELECT count(*) AS count FROM inbox WHERE event_id = ${booking.confirmed.id}::uuid`)).toBe(1);
  });

  it("loses no change when two replicas apply one new room's events at once", async () => {
    const replicas = [connectDatabase(databaseUrl("viewpage", subgraph.env), 10), connectDatabase(databaseUrl("viewpage", subgraph.env), 10)];
    try {
      const stores = replicas.map((replica) => new SqlBoardStore(replica));
      const room = roomEvents();
      const confirmations = Array.from({ length: 20 }, () => room.booking().confirmed);
      // Each event in a batch (a unit of work) of its own, half on each replica, all in flight together.
      const applyAll = () =>
        Promise.all(confirmations.map((event, i) => replicas[i % 2]!.unitOfWork(() => stores[i % 2]!.apply(event, projectEvent(event)!))));
      await applyAll();
      expect(await stores[0]!.findMany([room.roomId])).toMatchObject([{ confirmedReservations: 20, bookingsOnDay: 20 }]);
      await applyAll();
      expect(await stores[1]!.findMany([room.roomId])).toMatchObject([{ confirmedReservations: 20 }]);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });

  it("skips a malformed message without blocking the next event", async () => {
    const room = roomEvents();
    await bus.js.publish(subjectOf(subgraph.env.NATS_SUBJECT_PREFIX!, "RoomRegistered"), new TextEncoder().encode("{not json"));
    await bus.js.publish(subjectOf(subgraph.env.NATS_SUBJECT_PREFIX!, "RoomRegistered"), JSON.stringify({ id: randomUUID(), type: "RoomRegistered" }));
    await publishAll(room.registered("After the garbage"));
    await boardAfter(room.roomId, (row) => row.roomName === "After the garbage");
  });

  it("pages through the whole board in roomId order, each row once, with first clamped", async () => {
    const room = roomEvents();
    await publishAll(room.registered("Newest"));
    await boardAfter(room.roomId, (row) => row.roomName === "Newest");
    const all = (await subgraph.query(BOARD, { first: 1000 })).data?.roomBoard;
    expect(all.length).toBe(await countOf(db.query`SELECT count(*)::int AS count FROM room_board`));
    const ids = all.map((row: { roomId: string }) => row.roomId);
    expect(ids).toEqual([...ids].sort());
    expect(all.find((row: { roomId: string }) => row.roomId === room.roomId)).toMatchObject({ roomName: "Newest", roomCity: "Seoul" });

    const paged: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await subgraph.query(BOARD, { first: 2, after })).data?.roomBoard as Array<{ roomId: string }>;
      if (page.length === 0) break;
      paged.push(...page.map((row) => row.roomId));
      after = page.at(-1)!.roomId;
    }
    expect(paged).toEqual(ids);
    expect((await subgraph.query(BOARD, { first: 0 })).data?.roomBoard).toHaveLength(0);
    expect((await subgraph.query(BOARD, { first: -5 })).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });

  it("refuses an after that names no row of the board", async () => {
    for (const after of [randomUUID(), "\u0000", "\ud800"]) {
      const result = await subgraph.query(BOARD, { after });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    }
  });

  it("totals the board: rooms, stays, revenue, mileage and today's bookings", async () => {
    const before = (await subgraph.query(TOTALS, {})).data?.boardTotals;
    const room = roomEvents();
    const kept = room.booking(300_000);
    const refunded = room.booking(100_000);
    await publishAll(room.registered("Totals"), kept.confirmed, kept.approved, kept.earned, refunded.confirmed, refunded.approved, refunded.earned);
    await publishAll(refunded.cancelled, refunded.refunded, refunded.deducted);
    await boardAfter(room.roomId, (row) => row.lastEventType === "MileageDeducted");
    expect((await subgraph.query(TOTALS, {})).data?.boardTotals).toEqual({
      rooms: before.rooms + 1,
      roomsListed: before.roomsListed + 1,
      staysConfirmed: before.staysConfirmed + 1,
      revenue: before.revenue + 300_000,
      mileagePointsIssued: before.mileagePointsIssued + 3000,
      bookingsToday: before.bookingsToday + 2,
    });
  });
});
