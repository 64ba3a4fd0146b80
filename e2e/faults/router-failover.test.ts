import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveClient, type LiveClient } from "@airbnb/testkit";
import { actor, client, day, report, startFaultSystem, subscribeAll, subscriptionsOn, waitFor, type FaultSystem } from "./support/fault-system.ts";

const BASE = 4600;
const SUBSCRIBERS = 200;
const CHANGES = 5;
const ROOM_CHANGED = `subscription($roomId: ID!) { roomChanged(roomId: $roomId) { id board { confirmedReservations } } }`;
let f: FaultSystem;
let second: string;

const base = (port: number) => `http://127.0.0.1:${port}`;

beforeAll(async () => {
  // Two routers, as two replicas behind one Service; the subscribers all start on the first.
  f = await startFaultSystem("routerfailover", BASE, () => ({ SOCKETS_PER_IDENTITY: String(SUBSCRIBERS * 2) }));
  second = base(f.sparePort(0));
  await f.system.startProcess("router", { port: f.sparePort(0) });
});

afterAll(async () => {
  await f?.dispose();
});

describe("router replica killed under live subscriptions", () => {
  it(`5. kill -9 of a router holding ${SUBSCRIBERS} subscriptions: every subscriber resubscribes on the other and misses no later change`, async () => {
    const api = client(`${second}/graphql`);
    const room = await api.registerRoom(await actor(["host"]), { name: "Failover Hanok" });
    const clients: LiveClient[] = Array.from({ length: SUBSCRIBERS }, () => liveClient([f.routerUrl, `${second}/graphql`], undefined, { reconnects: 5 }));
    try {
      const { lives, errors } = subscribeAll(clients, ROOM_CHANGED, { roomId: room.id });
      await waitFor(async () => (await subscriptionsOn(BASE)) === SUBSCRIBERS, { timeoutMs: 20_000, what: `${SUBSCRIBERS} subscriptions on the first router` });

      const killedAt = Date.now();
      await f.system.stopProcess("router", "SIGKILL");
      const codes = await Promise.all(clients.map((c) => c.closed));
      await waitFor(async () => (await subscriptionsOn(f.sparePort(0))) === SUBSCRIBERS, { timeoutMs: 20_000, intervalMs: 20, what: `${SUBSCRIBERS} subscriptions on the second router` });
      const resubscribedMs = Date.now() - killedAt;

      // Every change after the resubscription reaches every subscriber: booking k shows k confirmed reservations.
      const guest = await actor(["guest"]);
      const fanOut: number[] = [];
      for (let k = 1; k <= CHANGES; k++) {
        const booked = await api.reserve({ guest, roomId: room.id, checkIn: day(10 + k), checkOut: day(11 + k) });
        expect(booked.data?.reserveRoom?.status).toBe("CONFIRMED");
        const bookedAt = Date.now();
        await Promise.all(lives.map((live) => live.next((p) => p.data?.roomChanged?.board?.confirmedReservations === k, 15_000)));
        fanOut.push(Date.now() - bookedAt);
      }
      expect(errors).toEqual([]);
      expect(lives.flatMap((live) => live.pushes.filter((p) => p.errors?.length))).toEqual([]);
      expect(new Set(codes)).toEqual(new Set([1006])); // abnormal closure: no close frame from a killed process
      report(
        `5. kill -9 of router A holding ${SUBSCRIBERS} graphql-ws subscriptions, router B up (clients retry the next URL)`,
        "subscribers erroring; close code seen; time until all were resubscribed on B; changes missed after resubscribing; fan-out time",
        `${errors.length} errored, close code ${[...new Set(codes)].join("/")}; all ${SUBSCRIBERS} on B ${resubscribedMs} ms after the kill; ` +
          `${CHANGES} later changes, each seen by all ${SUBSCRIBERS} (0 missed) within ${fanOut.join(", ")} ms`,
      );
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });
});
