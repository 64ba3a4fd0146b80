import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "@airbnb/testkit";
import { actor, client, median, plan, pool, registeredRooms, report, startFaultSystem, waitFor, type Actor, type FaultSystem } from "./support/fault-system.ts";
import { startPostgres, type TestPostgres } from "./support/postgres-server.ts";
import { countByEventId, readStream } from "./support/stream.ts";

const BASE = 4550;
/** reservation's sweep, shortened for the test: PENDING rows older than 5 s are released every 1.25 s. */
const ABANDONED_AFTER_MS = 5_000;
const SWEPT_WITHIN_MS = ABANDONED_AFTER_MS * 1.25 + 5_000;
let pg: TestPostgres;
let f: FaultSystem;
let api: ReturnType<typeof client>;
let host: Actor;
let rooms: string[];

beforeAll(async () => {
  pg = await startPostgres(BASE + 9);
  f = await startFaultSystem("pgcrash", BASE, () => ({ POSTGRES_URL: pg.url, RESERVATION_ABANDONED_AFTER_MS: String(ABANDONED_AFTER_MS) }));
  api = client(f.routerUrl);
  host = await actor(["host"]);
  rooms = await registeredRooms(f, host, 10, "Crash room");
});

afterAll(async () => {
  await f?.dispose();
  await pg?.dispose();
});


describe("Postgres kill -9'd during bookings, then restarted (crash recovery)", () => {
  it("answers fast while it is down; afterwards nothing PENDING past the sweep, no charge without its confirmed booking, no confirmed booking without its event, no night twice", async () => {
    const guests = await Promise.all(Array.from({ length: 10 }, () => actor(["guest"])));
    const bookings = plan(200, rooms, guests, 10);
    let downAt = 0;
    let upAt = 0;
    const duringOutage: Array<{ answer: string; ms: number }> = [];
    const results = await pool(bookings, 10, async (booking, i) => {
      if (i === 60) {
        await pg.kill();
        downAt = Date.now();
      }
      if (i === 120) {
        await pg.start();
        upAt = Date.now();
      }
      const down = downAt > 0 && upAt === 0;
      const started = performance.now();
      const response = await api.reserve(booking);
      const ms = performance.now() - started;
      if (down && upAt === 0) duringOutage.push({ answer: response.data?.reserveRoom?.status ?? errorCode(response) ?? `HTTP ${response.status}`, ms });
      return response;
    });
    expect(upAt).toBeGreaterThan(0);
    expect(duringOutage.length).toBeGreaterThan(0);
    // Not a hang: every booking made entirely while Postgres was down was answered within the router's request budget.
    expect(Math.max(...duringOutage.map((o) => o.ms))).toBeLessThan(5_000);
    expect(duringOutage.filter((o) => o.answer === "CONFIRMED")).toEqual([]);
    // A clear code: the database away is SERVICE_UNAVAILABLE (payment's, seen from reservation, PAYMENT_UNAVAILABLE).
    expect(duringOutage.filter((o) => o.answer !== "SERVICE_UNAVAILABLE" && o.answer !== "PAYMENT_UNAVAILABLE")).toEqual([]);

    // The system serves again after recovery.
    const recovered = await waitFor(async () => {
      const response = await api.reserve({ guest: guests[0]!, roomId: rooms[0]!, checkIn: "2030-01-01", checkOut: "2030-01-02" });
      return response.data?.reserveRoom?.status === "CONFIRMED";
    }, { timeoutMs: 30_000, intervalMs: 250, what: "a booking to be CONFIRMED after recovery" });
    expect(recovered).toBe(true);
    const recoveredMs = Date.now() - upAt;

    // No PENDING row outlives the sweep (a booking cut off while paying is released, its charge refunded).
    const sweptAt = await waitFor(async () => {
      const [row] = await f.sql<{ n: string }>("reservation", "SELECT count(*) n FROM reservations WHERE status = 'PENDING'");
      return Number(row!.n) === 0 ? Date.now() : undefined;
    }, { timeoutMs: SWEPT_WITHIN_MS + 15_000, intervalMs: 500, what: "no PENDING reservation" });
    const pendingCleared = sweptAt - upAt;

    // Payments: every APPROVED one belongs to a CONFIRMED reservation pointing at it (a rejected one's is refunded).
    const orphans = await waitFor(async () => {
      const confirmed = new Map((await f.sql<{ id: string; payment_id: string }>("reservation",
        "SELECT id::text, payment_id::text FROM reservations WHERE status = 'CONFIRMED'")).map((r) => [r.id, r.payment_id]));
      const approved = await f.sql<{ id: string; reservation_id: string }>("payment", "SELECT id::text, reservation_id::text FROM payments WHERE status = 'APPROVED'");
      const wrong = approved.filter((p) => confirmed.get(p.reservation_id) !== p.id);
      return wrong.length === 0 ? { approved: approved.length, confirmed: confirmed.size } : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500, what: "every APPROVED payment to have its CONFIRMED reservation (or be refunded)" });
    expect(orphans.approved).toBe(orphans.confirmed);

    // Every CONFIRMED reservation's event is in the stream, once.
    const { js, jsm } = await f.jet();
    const confirmedIds = (await f.sql<{ id: string }>("reservation", "SELECT id::text FROM reservations WHERE status = 'CONFIRMED'")).map((r) => r.id);
    const events = await waitFor(async () => {
      const counts = countByEventId(await readStream(js, jsm, f.stream), "ReservationConfirmed", (e) => e.data.reservationId);
      return confirmedIds.every((id) => counts.has(id)) ? counts : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500, what: "every CONFIRMED reservation's event in the stream" });
    expect([...events.values()].every((n) => n === 1)).toBe(true);

    // No night booked twice.
    const [overlaps] = await f.sql<{ n: string }>("reservation", `
      SELECT count(*) n FROM reservations a JOIN reservations b ON a.room_id = b.room_id AND a.id < b.id
      WHERE a.status IN ('PENDING','CONFIRMED') AND b.status IN ('PENDING','CONFIRMED')
        AND daterange(a.check_in, a.check_out, '[)') && daterange(b.check_in, b.check_out, '[)')`);
    expect(Number(overlaps!.n)).toBe(0);

    const confirmed = results.filter((r) => r.data?.reserveRoom?.status === "CONFIRMED").length;
    const answers = new Map<string, number>();
    for (const { answer } of duringOutage) answers.set(answer, (answers.get(answer) ?? 0) + 1);
    const refused = results.filter((r) => r.data?.reserveRoom?.status !== "CONFIRMED").map((r) => errorCode(r) ?? `HTTP ${r.status}`);
    report(
      "Postgres (embedded, own data dir) kill -9'd during 200 bookings (concurrency 10), restarted 60 bookings later",
      "answers while down and their latency; recovery; PENDING cleared; APPROVED without CONFIRMED; CONFIRMED without event; nights twice",
      `${confirmed} CONFIRMED, ${refused.length} refused (${[...new Set(refused)].join(",")}); down ${upAt - downAt} ms: ${duringOutage.length} bookings answered ` +
        `${[...answers].map(([a, n]) => `${n}x ${a}`).join(", ")} in median ${Math.round(median(duringOutage.map((o) => o.ms)))} ms, max ${Math.round(Math.max(...duringOutage.map((o) => o.ms)))} ms; ` +
        `booking again ${recoveredMs} ms after restart; PENDING cleared ${pendingCleared} ms after restart; ` +
        `${orphans.approved} APPROVED = ${orphans.confirmed} CONFIRMED, 0 orphan charges; ${confirmedIds.length}/${confirmedIds.length} CONFIRMED in the stream once; 0 nights twice`,
    );
  });
});
