import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "@airbnb/testkit";
import { actor, client, day, pool, report, startFaultSystem, waitFor, type FaultSystem } from "./support/fault-system.ts";
import { startProxy, type FaultProxy } from "./support/http-proxy.ts";

const BASE = 4570;
const PAYMENT = `http://127.0.0.1:${BASE + 3}`;
let f: FaultSystem;
let proxy: FaultProxy;
let api: ReturnType<typeof client>;
let replica: string;

beforeAll(async () => {
  // Reservation reaches payment through a proxy the test controls, like a Service in front of payment's pods.
  proxy = await startProxy(PAYMENT);
  f = await startFaultSystem("paycrash", BASE, () => ({ PAYMENT_URL: proxy.url }));
  api = client(f.routerUrl);
  replica = `http://127.0.0.1:${f.sparePort(0)}`;
  await f.system.startProcess("payment", { port: f.sparePort(0) });
});

afterAll(async () => {
  await f?.dispose();
  await proxy?.close();
});

describe("payment dies after charging, before answering", () => {
  it("4. the retry with the same reservation id finds the charge: one APPROVED payment, the reservation CONFIRMED, never charged twice", async () => {
    const host = await actor(["host"]);
    const rooms = await pool([0, 1, 2, 3], 4, async (i) => (await api.registerRoom(host, { name: `Crash room ${i}`, pricePerNight: 30_000 })).id);
    const guest = await actor(["guest"]);
    expect((await api.reserve({ guest, roomId: rooms[0]!, checkIn: day(10), checkOut: day(11) })).data?.reserveRoom?.status).toBe("CONFIRMED");

    // Payment commits the charge and answers; the proxy holds the answer, kill -9s payment, routes on to the
    // other replica and resets the caller's connection. Reservation sees a transport error and retries.
    let killedAt = 0;
    proxy.mode = {
      kind: "drop-answer",
      onAnswer: async () => {
        proxy.mode = { kind: "pass" };
        await f.system.stopProcess("payment", "SIGKILL");
        proxy.target = replica;
        killedAt = Date.now();
      },
    };
    const forwardedBefore = proxy.forwarded;
    const started = performance.now();
    const crashed = await api.reserve({ guest, roomId: rooms[0]!, checkIn: day(11), checkOut: day(12) });
    const crashedMs = performance.now() - started;
    expect(killedAt).toBeGreaterThan(0);
    expect(crashed.errors).toBeUndefined();
    const booking = crashed.data!.reserveRoom as { id: string; status: string };
    expect(booking.status).toBe("CONFIRMED");
    expect(proxy.forwarded - forwardedBefore).toBe(2); // the charge, and its retry with the same reservation id

    const charges = await f.sql<{ id: string; status: string }>("payment", "SELECT id, status FROM payments WHERE reservation_id = $1::uuid", [booking.id]);
    expect(charges).toEqual([{ id: expect.any(String), status: "APPROVED" }]);
    const [reservation] = await f.sql<{ status: string; payment_id: string }>("reservation", "SELECT status, payment_id FROM reservations WHERE id = $1::uuid", [booking.id]);
    expect(reservation).toEqual({ status: "CONFIRMED", payment_id: charges[0]!.id });

    // The surviving replica serves the next bookings; payment's crashed pod comes back.
    const after = await pool(rooms.flatMap((roomId) => [12, 13, 14, 15, 16].map((n) => ({ roomId, n }))), 4, ({ roomId, n }) =>
      api.reserve({ guest, roomId, checkIn: day(n), checkOut: day(n + 1) }));
    expect(after.map((r) => r.data?.reserveRoom?.status ?? errorCode(r))).toEqual(after.map(() => "CONFIRMED"));
    await f.system.startProcess("payment");

    // Over the whole run: one payment per reservation, an APPROVED one only for a CONFIRMED reservation pointing at it.
    const { reservations, payments, approvedWithoutConfirmed } = await waitFor(async () => {
      const [counts] = await f.sql<{ n: string }>("reservation", "SELECT count(*) n FROM reservations WHERE room_id = ANY($1::uuid[])", [rooms]);
      const paid = await f.sql<{ reservation_id: string; id: string; status: string }>("payment",
        "SELECT reservation_id, id, status FROM payments WHERE room_id = ANY($1::uuid[])", [rooms]);
      const confirmed = new Map((await f.sql<{ id: string; payment_id: string }>("reservation",
        "SELECT id, payment_id FROM reservations WHERE room_id = ANY($1::uuid[]) AND status = 'CONFIRMED'", [rooms])).map((r) => [r.id, r.payment_id]));
      return paid.length === Number(counts!.n)
        ? {
            reservations: Number(counts!.n),
            payments: paid,
            approvedWithoutConfirmed: paid.filter((p) => p.status === "APPROVED" && confirmed.get(p.reservation_id) !== p.id).length,
          }
        : undefined;
    }, { what: "one payment per reservation" });
    expect(new Set(payments.map((p) => p.reservation_id)).size).toBe(payments.length);
    expect(payments.filter((p) => p.status === "APPROVED")).toHaveLength(reservations);
    expect(approvedWithoutConfirmed).toBe(0);

    report(
      "4. payment kill -9'd after committing a charge, before answering (proxy holds the answer); the retry reaches the other replica",
      "outcome of the crashed booking; charges for it; latency; charges over the run",
      `crashed booking CONFIRMED in ${Math.round(crashedMs)} ms (2 calls to payment, same reservation id), 1 APPROVED payment (the first charge, found by the retry), 0 charged twice; ` +
        `${reservations} reservations over the run: ${payments.length} payments, 0 duplicated, ${approvedWithoutConfirmed} APPROVED without its CONFIRMED reservation`,
    );
  });
});
