import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "@airbnb/testkit";
import { actor, client, day, plan, pool, report, startFaultSystem, waitFor, type Actor, type FaultSystem } from "./support/fault-system.ts";
import { countByEventId, readStream } from "./support/stream.ts";

const MILEAGE = `{ myMileage { balance } }`;
const MESSAGES = `{ myMessages { kind reservationId } }`;
const BOARD = `query($id: ID!) { room(id: $id) { board { confirmedReservations mileagePointsIssued } } }`;

let f: FaultSystem;
let api: ReturnType<typeof client>;
let host: Actor;
let rooms: string[];

beforeAll(async () => {
  f = await startFaultSystem("natsoutage", 4400);
  api = client(f.routerUrl);
  host = await actor(["host"]);
  rooms = [];
  for (let i = 0; i < 10; i++) rooms.push((await api.registerRoom(host, { name: `Outage room ${i}`, pricePerNight: 10_000 + i * 1_000 })).id);
  // Bookings during the outage need the rooms in reservation's replica already (it is fed by events).
  await waitFor(async () => Number((await f.sql<{ n: string }>("reservation", "SELECT count(*) n FROM room_replicas"))[0]!.n) === rooms.length, {
    timeoutMs: 20_000, what: "room replicas",
  });
});

/** /readyz of the router and every subgraph, and nats_connected from their /metrics, while NATS is down. */
async function readinessDuringOutage(): Promise<{ unready: string[]; connected: string[] }> {
  const ports = Object.entries(f.env).filter(([key]) => /^[A-Z]+_PORT$/.test(key) && key !== "ROUTER_PORT").map(([, port]) => Number(port));
  const bases = [4400, ...ports].map((port) => `http://127.0.0.1:${port}`);
  // Each process notices the broken connection by itself: wait until all report it.
  const connected = async () => {
    const texts = await Promise.all(bases.map((b) => fetch(`${b}/metrics`).then((r) => r.text())));
    return bases.filter((_, i) => !/^nats_connected\{[^}]*\} 0$/m.test(texts[i]!));
  };
  await waitFor(async () => (await connected()).length === 0, { timeoutMs: 15_000, what: "nats_connected 0 everywhere" }).catch(() => undefined);
  const states = await Promise.all(bases.map((b) => fetch(`${b}/readyz`).then((r) => r.status)));
  return { unready: bases.filter((_, i) => states[i] !== 200), connected: await connected() };
}

afterAll(async () => {
  await f?.dispose();
});

describe("NATS killed (kill -9) while the system works", () => {
  it("keeps every CONFIRMED booking's events and converges the board, balances and messages once NATS returns", async () => {
    const guests = await Promise.all(Array.from({ length: 10 }, () => actor(["guest"])));
    const bookings = plan(100, rooms, guests, 10);
    let killed: Promise<void> | undefined;
    let downAt = 0;
    let upAt = 0;
    let duringOutage = 0;
    let outage: Awaited<ReturnType<typeof readinessDuringOutage>> | undefined;
    const results = await pool(bookings, 10, async (booking, i) => {
      if (i === 20) killed = f.nats.kill().then(() => void (downAt = Date.now()));
      if (i === 70) {
        await killed;
        outage = await readinessDuringOutage();
        await f.nats.start();
        upAt = Date.now();
      }
      const down = downAt > 0 && upAt === 0;
      const response = await api.reserve(booking);
      if (down && upAt === 0) duringOutage++;
      return response;
    });
    expect(upAt).toBeGreaterThan(0);
    // NATS away is a metric, not a reason for Kubernetes to take every pod out of its Service.
    expect(outage).toEqual({ unready: [], connected: [] });
    const confirmed = results.map((r, i) => ({ r, b: bookings[i]! })).filter(({ r }) => r.data?.reserveRoom?.status === "CONFIRMED");
    const failed = results.filter((r) => r.data?.reserveRoom?.status !== "CONFIRMED");
    const confirmedIds = new Set(confirmed.map(({ r }) => r.data!.reserveRoom.id as string));

    // Every CONFIRMED booking's ReservationConfirmed (and its PaymentApproved) is in the stream, once.
    const { js, jsm } = await f.jet();
    const started = Date.now();
    const stored = await waitFor(async () => {
      const messages = await readStream(js, jsm, f.stream);
      const byReservation = countByEventId(messages, "ReservationConfirmed", (e) => e.data.reservationId);
      const approved = countByEventId(messages, "PaymentApproved", (e) => e.data.reservationId);
      return [...confirmedIds].every((id) => byReservation.has(id) && approved.has(id)) ? { messages, byReservation } : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500, what: "every confirmed booking's events in the stream" });
    const inStream = [...confirmedIds].filter((id) => stored.byReservation.has(id)).length;
    expect(inStream).toBe(confirmedIds.size);
    expect([...stored.byReservation.values()].every((n) => n === 1)).toBe(true);

    // Read models converge, read through the router.
    const expectedPoints = new Map<string, number>();
    const expectedPerRoom = new Map<string, number>();
    for (const { r, b } of confirmed) {
      expectedPoints.set(b.guest.id, (expectedPoints.get(b.guest.id) ?? 0) + Math.floor(r.data!.reserveRoom.amount / 100));
      expectedPerRoom.set(b.roomId, (expectedPerRoom.get(b.roomId) ?? 0) + 1);
    }
    const perGuest = (guest: Actor) => confirmed.filter(({ b }) => b.guest === guest).length;
    await waitFor(async () => {
      for (const guest of guests) {
        if ((await api.call(guest, MILEAGE)).data?.myMileage.balance !== (expectedPoints.get(guest.id) ?? 0)) return false;
        const messages = (await api.call(guest, MESSAGES)).data?.myMessages ?? [];
        if (messages.length !== 2 * perGuest(guest)) return false;
      }
      for (const room of rooms) {
        if ((await api.call(undefined, BOARD, { id: room })).data?.room.board?.confirmedReservations !== (expectedPerRoom.get(room) ?? 0)) return false;
      }
      return true;
    }, { timeoutMs: 90_000, intervalMs: 500, what: "balances, messages and board to converge" });
    const converged = Date.now() - upAt;

    expect(confirmedIds.size).toBeGreaterThan(0);
    report(
      "1. kill -9 nats-server during 100 bookings (concurrency 10), restarted on the same store",
      "bookings CONFIRMED / failed; confirmed with ReservationConfirmed+PaymentApproved in the stream; duplicates; convergence",
      `${confirmedIds.size} CONFIRMED, ${failed.length} failed (${[...new Set(failed.map((r) => errorCode(r) ?? r.status))].join(",") || "-"}); ` +
        `${duringOutage} made entirely while NATS was down (${upAt - downAt} ms); ${inStream}/${confirmedIds.size} in stream, 0 duplicated; ` +
        `events found ${Date.now() - started} ms after the bookings; board/balances/messages of 10 rooms/10 guests converged ${converged} ms after NATS restart`,
    );
  });

  it("publishes an event committed just before the publisher died (kill -9 between commit and publish) after restart, once", async () => {
    const guest = await actor(["guest"]);
    // NATS away: the commit happens, the relay cannot publish; then the publisher is killed.
    // This makes "between commit and publish" certain without any switch in production code.
    await f.nats.kill();
    const booked = await api.reserve({ guest, roomId: rooms[0]!, checkIn: day(300), checkOut: day(301) });
    const booking = booked.data?.reserveRoom;
    expect(booked.errors).toBeUndefined();
    expect(booking?.status).toBe("CONFIRMED");
    const reservationId = booking.id as string;
    const [row] = await f.sql<{ id: string; published_at: Date | null }>("reservation",
      `SELECT id::text, published_at FROM outbox WHERE type = 'ReservationConfirmed' AND payload->'data'->>'reservationId' = $1`, [reservationId]);
    expect(row).toBeDefined();
    expect(row!.published_at).toBeNull(); // committed, not published
    await f.system.stopProcess("reservation", "SIGKILL");
    await f.nats.start();
    const restartedAt = Date.now();
    await f.system.startProcess("reservation");

    const { js, jsm } = await f.jet();
    const copies = await waitFor(async () => {
      const n = countByEventId(await readStream(js, jsm, f.stream), "ReservationConfirmed").get(row!.id) ?? 0;
      return n > 0 && n;
    }, { timeoutMs: 30_000, intervalMs: 250, what: "the event in the stream" });
    const publishedAfter = Date.now() - restartedAt;
    const [marked] = await f.sql<{ published_at: Date | null }>("reservation", "SELECT published_at FROM outbox WHERE id = $1::uuid", [row!.id]);
    expect(marked!.published_at).not.toBeNull();
    // Its effects downstream, once: the guest's confirmation message.
    const messages = await waitFor(async () => {
      const mine = (await api.call(guest, MESSAGES)).data?.myMessages ?? [];
      return mine.some((m: { kind: string }) => m.kind === "MILEAGE_EARNED") && mine;
    }, { timeoutMs: 30_000, what: "the guest's messages" });
    const confirmations = messages.filter((m: { kind: string; reservationId: string }) => m.kind === "RESERVATION_CONFIRMED" && m.reservationId === reservationId);
    expect(copies).toBe(1);
    expect(confirmations).toHaveLength(1);
    report(
      "2. kill -9 reservation between commit and publish (NATS away, outbox row unpublished)",
      "copies of the event in the stream after restart; downstream messages",
      `outbox row committed with published_at NULL at the kill; published ${copies}x, ${publishedAfter} ms after restart began; 1 RESERVATION_CONFIRMED message`,
    );
  });
});
