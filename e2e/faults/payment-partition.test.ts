import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "@airbnb/testkit";
import { actor, client, day, median, pool, report, startFaultSystem, waitFor, type FaultSystem } from "./support/fault-system.ts";
import { startProxy, type FaultProxy } from "./support/http-proxy.ts";

const BASE = 4480;
let f: FaultSystem;
let proxy: FaultProxy;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  // Reservation reaches payment through a proxy the test controls (PAYMENT_URL points at it).
  proxy = await startProxy(`http://127.0.0.1:${BASE + 3}`);
  f = await startFaultSystem("partition", BASE, () => ({ PAYMENT_URL: proxy.url }));
  api = client(f.routerUrl);
});

afterAll(async () => {
  await f?.dispose();
  await proxy?.close();
});


describe("partition between reservation and payment (the answers never come back)", () => {
  it("3. opens the breaker, refuses with PAYMENT_UNAVAILABLE and retryAfterSeconds, holds no night; after healing every charge of a rejected booking is refunded", async () => {
    const host = await actor(["host"]);
    const rooms = await pool([0, 1, 2, 3], 4, async (i) => (await api.registerRoom(host, { name: `Partition room ${i}`, pricePerNight: 20_000 })).id);
    const guest = await actor(["guest"]);
    expect((await api.reserve({ guest, roomId: rooms[0]!, checkIn: day(10), checkOut: day(11) })).data?.reserveRoom?.status).toBe("CONFIRMED");

    // Partitioned: each charge reaches payment (which charges), the answer is lost; calls time out (1.5 s, one retry).
    proxy.mode = { kind: "one-way" };
    const forwardedBefore = proxy.forwarded;
    const partitioned = rooms.flatMap((roomId) => [20, 21, 22, 23, 24, 25, 26, 27].map((n) => ({ roomId, n })));
    const answers = await pool(partitioned, 4, async ({ roomId, n }) => {
      const started = performance.now();
      const response = await api.reserve({ guest, roomId, checkIn: day(n), checkOut: day(n + 1) });
      return { response, ms: performance.now() - started };
    });
    const charged = proxy.forwarded - forwardedBefore;
    for (const { response } of answers) {
      expect(errorCode(response)).toBe("PAYMENT_UNAVAILABLE");
      expect(response.errors![0]!.extensions!.retryAfterSeconds).toBe(2);
    }
    const slow = answers.filter((a) => a.ms >= 1_000).map((a) => a.ms);
    const fast = answers.filter((a) => a.ms < 1_000).map((a) => a.ms);
    // The breaker opened: most were refused without calling payment, in milliseconds.
    expect(fast.length).toBeGreaterThan(slow.length);
    expect(median(fast)).toBeLessThan(100);

    // Nothing held on the partitioned nights.
    const [held] = await f.sql<{ n: string }>("reservation",
      "SELECT count(*) n FROM reservations WHERE room_id = ANY($1::uuid[]) AND status IN ('PENDING','CONFIRMED') AND check_in >= $2::date",
      [rooms, day(20)]);
    expect(Number(held!.n)).toBe(0);

    // Healed: bookings succeed again once the breaker's half-open trial passes.
    proxy.mode = { kind: "pass" };
    const healed = Date.now();
    await waitFor(async () => (await api.reserve({ guest, roomId: rooms[0]!, checkIn: day(40), checkOut: day(41) })).data?.reserveRoom?.status === "CONFIRMED",
      { timeoutMs: 15_000, intervalMs: 100, what: "booking to succeed again" });
    const recoveredMs = Date.now() - healed;

    // No charge stands for a rejected reservation: payment refunds each one it hears was rejected; never two per reservation.
    const outcome = await waitFor(async () => {
      const rejected = new Set((await f.sql<{ id: string }>("reservation",
        "SELECT id::text FROM reservations WHERE room_id = ANY($1::uuid[]) AND status = 'REJECTED' AND check_in BETWEEN $2::date AND $3::date",
        [rooms, day(20), day(27)])).map((r) => r.id));
      const payments = await f.sql<{ reservation_id: string; status: string }>("payment",
        "SELECT reservation_id::text, status FROM payments WHERE room_id = ANY($1::uuid[])", [rooms]);
      const standing = payments.filter((p) => rejected.has(p.reservation_id) && p.status === "APPROVED").length;
      return standing === 0 ? { rejected: rejected.size, payments } : undefined;
    }, { timeoutMs: 30_000, intervalMs: 250, what: "every charge of a rejected reservation refunded" });
    const perReservation = new Map<string, number>();
    for (const p of outcome.payments) perReservation.set(p.reservation_id, (perReservation.get(p.reservation_id) ?? 0) + 1);
    expect([...perReservation.values()].every((n) => n === 1)).toBe(true);
    const refunded = outcome.payments.filter((p) => p.status === "REFUNDED").length;
    expect(refunded).toBeGreaterThan(0);
    expect(outcome.rejected).toBe(slow.length); // refused by the open breaker before any row was written

    report(
      "3. partition reservation → payment (proxy passes requests, loses every answer, never resets); timeout 1.5 s + 1 retry, breaker 5, half-open 2 s",
      "answers; slow vs fast-failed; nights held; recovery; charges of rejected bookings",
      `${answers.length}/${partitioned.length} PAYMENT_UNAVAILABLE (retryAfterSeconds 2): ${slow.length} after timing out (median ${Math.round(median(slow))} ms), ` +
        `${fast.length} refused by the open breaker (median ${median(fast).toFixed(1)} ms); ${charged} charge calls reached payment; 0 nights held; ` +
        `booking again ${recoveredMs} ms after healing; ${refunded} charges made behind the partition, all refunded, 0 standing, 0 reservations charged twice; ${outcome.rejected} rejected rows (the timed-out ones)`,
    );
  });
});
