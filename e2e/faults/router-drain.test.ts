import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveClient, type LiveClient } from "@airbnb/testkit";
import { actor, client, day, pool, report, startFaultSystem, subscribeAll, subscriptionsOn, waitFor, type FaultSystem } from "./support/fault-system.ts";

const BASE = 4540;
const SUBSCRIBERS = 200;
const ROOM_CHANGED = `subscription($roomId: ID!) { roomChanged(roomId: $roomId) { id board { lastReservationStatus } } }`;
let f: FaultSystem;
let second: string;

const base = (port: number) => `http://127.0.0.1:${port}`;

beforeAll(async () => {
  // Two routers, as two replicas behind one Service; the subscribers all start on the first.
  f = await startFaultSystem("routerdrain", BASE, () => ({ SHUTDOWN_DELAY_MS: "500", SOCKETS_PER_IDENTITY: String(SUBSCRIBERS * 2) }));
  second = base(f.sparePort(0));
  await f.system.startProcess("router", { port: f.sparePort(0) });
});

afterAll(async () => {
  await f?.dispose();
});

describe("router drain", () => {
  it(`9. SIGTERM to a router holding ${SUBSCRIBERS} subscriptions, a second router up: every subscriber reconnects to it, none sees an error`, async () => {
    const api = client(f.routerUrl);
    const room = await api.registerRoom(await actor(["host"]), { name: "Drain Hanok" });
    const clients: LiveClient[] = Array.from({ length: SUBSCRIBERS }, () => liveClient([f.routerUrl, `${second}/graphql`], undefined, { reconnects: 5 }));
    try {
      const { lives, errors } = subscribeAll(clients, ROOM_CHANGED, { roomId: room.id });
      await waitFor(async () => (await subscriptionsOn(BASE)) === SUBSCRIBERS, { timeoutMs: 20_000, what: `${SUBSCRIBERS} subscriptions on the first router` });

      const readiness: string[] = [];
      let watching = true;
      const watch = (async () => {
        while (watching) {
          const state = await fetch(`${base(BASE)}/readyz`).then((r) => String(r.status), () => "refused");
          if (readiness.at(-1) !== state) readiness.push(state);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      const closedAt = clients.map((c) => c.closed.then(() => Date.now()));
      const sigtermAt = Date.now();
      await f.system.stopProcess("router", "SIGTERM");
      const exitedAt = Date.now();
      await waitFor(async () => (await subscriptionsOn(f.sparePort(0))) === SUBSCRIBERS, { timeoutMs: 20_000, what: `${SUBSCRIBERS} subscriptions on the second router` });
      const movedAt = Date.now();
      watching = false;
      await watch;

      // The subscriptions live on: a booking through the second router reaches every one.
      const booked = await client(`${second}/graphql`).reserve({ guest: await actor(["guest"]), roomId: room.id, checkIn: day(30), checkOut: day(31) });
      expect(booked.data?.reserveRoom?.status).toBe("CONFIRMED");
      await pool(lives, 50, (live) => live.next((p) => p.data?.roomChanged?.board?.lastReservationStatus === "CONFIRMED", 15_000));
      const codes = await Promise.all(clients.map((c) => c.closed));
      const firstClose = Math.min(...(await Promise.all(closedAt))) - sigtermAt;

      expect(errors).toEqual([]);
      expect(lives.flatMap((live) => live.pushes.filter((p) => p.errors?.length))).toEqual([]);
      expect(new Set(codes)).toEqual(new Set([1012]));
      // The sockets stayed open while readiness was 503 (SHUTDOWN_DELAY_MS), as the load balancer catches up.
      expect(firstClose).toBeGreaterThanOrEqual(500);
      expect(readiness.slice(0, 3)).toEqual(["200", "503", "refused"]);
      report(
        `9. SIGTERM to router A holding ${SUBSCRIBERS} graphql-ws subscriptions, router B up`,
        "subscribers erroring; close code seen; A's readiness sequence; A's stop time; time until all were resubscribed on B",
        `${errors.length} errored, close code ${[...new Set(codes)].join("/")}; A readiness ${readiness.join(" → ")}; first socket closed ${firstClose} ms and A stopped ${exitedAt - sigtermAt} ms after SIGTERM (SHUTDOWN_DELAY_MS 500); ` +
          `all ${SUBSCRIBERS} on B ${movedAt - sigtermAt} ms after SIGTERM; all received the next push`,
      );
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });
});
