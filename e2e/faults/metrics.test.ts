import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTEXTS, type ContextName } from "@airbnb/config";
import { actor, client, day, registeredRooms, report, startFaultSystem, waitFor, type Actor, type FaultSystem } from "./support/fault-system.ts";

// Every process's /metrics, and the consumer lag an operator alerts on (k8s/overlays/prod/monitoring.yaml).
const BASE = 4620;
const CONSUMERS = ["reservation", "payment", "mileage", "review", "message", "viewpage"];

let f: FaultSystem;
let api: ReturnType<typeof client>;
let host: Actor;

const portOf = (process: string) => (process === "router" ? BASE : BASE + CONTEXTS[process as ContextName] - 4000);
const scrape = async (process: string) => {
  const response = await fetch(`http://127.0.0.1:${portOf(process)}/metrics`);
  return { status: response.status, text: await response.text() };
};

/** The value of one series of a scrape (its labels a superset of `labels`), undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

/** The router's view of a durable consumer's backlog: it reports every durable of the stream, whichever processes run. */
const lagOnRouter = async (consumer: string) => sample((await scrape("router")).text, "nats_consumer_pending_messages", { consumer });

async function book(rooms: string[], firstDay: number) {
  const guest = await actor(["guest"]);
  const results = await Promise.all(rooms.map((roomId) => api.reserve({ guest, roomId, checkIn: day(firstDay), checkOut: day(firstDay + 1) })));
  expect(results.map((r) => r.data?.reserveRoom?.status)).toEqual(rooms.map(() => "CONFIRMED"));
}

beforeAll(async () => {
  f = await startFaultSystem("metrics", BASE);
  api = client(f.routerUrl);
  host = await actor(["host"]);
});

afterAll(async () => {
  await f?.dispose();
});

describe("metrics", () => {
  it("every process answers /metrics with its operations, consumers, outbox, pool and breaker", async () => {
    const rooms = await registeredRooms(f, host, 2, "Metrics room");
    await book(rooms, 10);
    await waitFor(async () => (await lagOnRouter("viewpage")) === 0 && (await lagOnRouter("mileage")) === 0, { what: "the booking's events consumed" });
    const processes = ["router", ...Object.keys(CONTEXTS)];
    for (const process of processes) {
      const { status, text } = await scrape(process);
      expect(status, process).toBe(200);
      expect(sample(text, "process_cpu_seconds_total", { service: process }), process).toBeGreaterThan(0);
      expect(sample(text, "nats_connected"), process).toBe(1);
      if (process === "router") continue;
      expect(sample(text, "db_pool_connections", { state: "total" }), process).toBeGreaterThanOrEqual(0);
      expect(sample(text, "outbox_oldest_unpublished_age_seconds"), process).toBeGreaterThanOrEqual(0);
      if (CONSUMERS.includes(process)) {
        expect(sample(text, "nats_consumer_pending_messages", { consumer: process }), process).toBe(0);
        expect(sample(text, "event_delay_seconds_count", { consumer: process }), process).toBeGreaterThan(0);
        expect(sample(text, "event_handling_duration_seconds_count", { consumer: process }), process).toBeGreaterThan(0);
      }
    }
    // Operations by name and outcome, on the router and in the subgraphs its plan called.
    const router = (await scrape("router")).text;
    expect(sample(router, "graphql_request_duration_seconds_count", { operation_type: "mutation", operation: "reserveRoom", outcome: "ok" })).toBeGreaterThanOrEqual(2);
    expect(sample((await scrape("reservation")).text, "graphql_request_duration_seconds_count", { operation: "reserveRoom", outcome: "ok" })).toBeGreaterThanOrEqual(2);
    expect(sample((await scrape("reservation")).text, "payment_circuit_open")).toBe(0);
    const refused = await api.call(undefined, `mutation { cancelReservation(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    await waitFor(async () => (sample((await scrape("router")).text, "graphql_errors_total", { code: "UNAUTHENTICATED" }) ?? 0) >= 1, { what: "the refusal counted" });
  });

  it("shows a stopped consumer's lag rising, on the router, and back at 0 once it has caught up", async () => {
    const rooms = await registeredRooms(f, host, 5, "Lag room");
    await f.system.stopProcess("mileage");
    await book(rooms, 20);
    // Each approved payment is an event mileage consumes; nobody consumes them while it is down.
    await waitFor(async () => ((await lagOnRouter("mileage")) ?? 0) >= rooms.length, { what: "mileage's lag to show the 5 bookings" });
    const peak = (await lagOnRouter("mileage"))!;
    // The others kept up meanwhile.
    await waitFor(async () => (await lagOnRouter("viewpage")) === 0, { what: "viewpage caught up while mileage is down" });

    const restarted = Date.now();
    await f.system.startProcess("mileage");
    await waitFor(async () => (await lagOnRouter("mileage")) === 0, { what: "mileage's lag back at 0" });
    const caughtUp = Date.now() - restarted;
    expect(sample((await scrape("mileage")).text, "nats_consumer_pending_messages", { consumer: "mileage" })).toBe(0);
    report("mileage stopped during 5 bookings, then started", "nats_consumer_pending_messages{consumer=\"mileage\"} on the router", `rose to ${peak}; 0 again ${caughtUp} ms after the start`);
  });
});
