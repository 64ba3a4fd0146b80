import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "@airbnb/testkit";
import { actor, client, day, median, report, startFaultSystem, waitFor, type Actor, type FaultSystem } from "./support/fault-system.ts";
import { startProxy, type FaultProxy } from "./support/http-proxy.ts";

const BASE = 4460;
let f: FaultSystem;
let proxy: FaultProxy;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  // Reservation (and the router) reach payment through a proxy the test controls: PAYMENT_URL points at it.
  proxy = await startProxy(`http://127.0.0.1:${BASE + 3}`);
  f = await startFaultSystem("payment", BASE, () => ({ PAYMENT_URL: proxy.url }));
  api = client(f.routerUrl);
});

afterAll(async () => {
  await f?.dispose();
  await proxy?.close();
});


describe("payment slowed past its timeout", () => {
  it("6. answers PAYMENT_UNAVAILABLE, opens the breaker, fails fast while open, recovers after half-open; nothing held, nothing charged", async () => {
    const host = await actor(["host"]);
    const room = (await api.registerRoom(host, { pricePerNight: 50_000 })).id;
    let night = 10;
    const attempt = async (guest: Actor) => {
      const n = night++;
      const started = performance.now();
      const response = await api.reserve({ guest, roomId: room, checkIn: day(n), checkOut: day(n + 1) });
      return { response, ms: performance.now() - started, night: n };
    };
    const guest = await actor(["guest"]);
    expect((await attempt(guest)).response.data?.reserveRoom?.status).toBe("CONFIRMED");

    // Slowed: each call answered 2.5 s late (timeout 1.5 s, one retry); payment sees the call late, charges, and
    // refunds once it learns the reservation was rejected.
    proxy.mode = { kind: "delay", ms: 2_500 };
    const slowed = await attempt(guest);
    expect(errorCode(slowed.response)).toBe("PAYMENT_UNAVAILABLE");
    expect(slowed.response.errors![0]!.extensions!.retryAfterSeconds).toBe(2);

    // Hung: never answered. Calls time out until 5 consecutive failures open the breaker.
    proxy.mode = { kind: "blackhole" };
    const slow: number[] = [slowed.ms];
    const failedNights = [slowed.night];
    for (;;) {
      const { response, ms, night: n } = await attempt(guest);
      expect(errorCode(response)).toBe("PAYMENT_UNAVAILABLE");
      failedNights.push(n);
      if (ms < 200) break; // answered without calling payment: open
      slow.push(ms);
      expect(slow.length).toBeLessThanOrEqual(4);
    }
    const receivedWhenOpened = proxy.received;
    const fast: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { response, ms, night: n } = await attempt(guest);
      expect(errorCode(response)).toBe("PAYMENT_UNAVAILABLE");
      expect(response.errors![0]!.extensions!.retryAfterSeconds).toBe(2);
      failedNights.push(n);
      fast.push(ms);
    }
    expect(proxy.received).toBe(receivedWhenOpened); // payment not called while open
    expect(median(fast)).toBeLessThan(50);
    expect(Math.max(...fast)).toBeLessThan(50);

    // Payment well again: the breaker lets a trial call through after half-open (2 s here) and closes.
    proxy.mode = { kind: "pass" };
    const healed = Date.now();
    const recovered = await waitFor(async () => {
      const { response } = await attempt(guest);
      return response.data?.reserveRoom?.status === "CONFIRMED" ? response : undefined;
    }, { timeoutMs: 15_000, intervalMs: 100, what: "booking to succeed again" });
    const recoveryMs = Date.now() - healed;
    expect(recovered.data?.reserveRoom.status).toBe("CONFIRMED");

    // Nothing held: no PENDING or CONFIRMED reservation on any failed night, and the nights are bookable.
    const held = await f.sql<{ n: string }>("reservation",
      "SELECT count(*) n FROM reservations WHERE room_id = $1::uuid AND status IN ('PENDING','CONFIRMED') AND check_in = ANY($2::date[])",
      [room, failedNights.map(day)]);
    expect(Number(held[0]!.n)).toBe(0);
    const free = await api.call(undefined, `query($id: ID!, $a: Date!, $b: Date!) { room(id: $id) { isAvailable(checkIn: $a, checkOut: $b) } }`,
      { id: room, a: day(failedNights[0]!), b: day(failedNights.at(-1)! + 1) });
    expect(free.data?.room.isAvailable).toBe(true);
    // Nothing charged: the late charge of the slowed call is refunded; the hung calls never reached payment.
    const charges = await waitFor(async () => {
      const rows = await f.sql<{ status: string; n: string }>("payment",
        "SELECT status, count(*) n FROM payments WHERE room_id = $1::uuid GROUP BY status", [room]);
      const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      return by.APPROVED === 2 && by.REFUNDED === 1 ? by : undefined;
    }, { timeoutMs: 20_000, what: "the late charge to be refunded (2 confirmed bookings APPROVED, the slowed one REFUNDED)" });

    report(
      "6. payment slowed (2.5 s delay, then no answer) behind a proxy; timeout 1.5 s + 1 retry, breaker 5, half-open 2 s",
      "time to PAYMENT_UNAVAILABLE while slow; calls before open; fast-fail latency while open; recovery; nights held; charges",
      `slow failures ${slow.map((ms) => Math.round(ms)).join(", ")} ms; open after ${slow.length} slow bookings; ` +
        `open: 10/10 PAYMENT_UNAVAILABLE (retryAfterSeconds 2) in median ${median(fast).toFixed(1)} ms, max ${Math.max(...fast).toFixed(1)} ms, 0 calls to payment; ` +
        `recovered ${recoveryMs} ms after payment healed; ${failedNights.length} failed bookings: 0 nights held, payments ${JSON.stringify(charges)} (the late charge refunded)`,
    );
  });
});
