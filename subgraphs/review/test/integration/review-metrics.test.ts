import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemSources } from "@airbnb/config";
import { createEvent, subjectOf } from "@airbnb/events";
import { runSubgraph } from "@airbnb/service";
import { startTestSubgraph, waitFor, type TestSubgraph } from "@airbnb/testkit";
import { reviewSubgraph } from "../../src/subgraph.ts";

const sources = systemSources();

let subgraph: TestSubgraph;
const base = () => `http://127.0.0.1:${subgraph.port}`;
const metrics = () => fetch(`${base()}/metrics`).then((r) => r.text());
/** The value of the first sample of `name` whose labels include every one of `labels`. */
const sample = (text: string, name: string, labels: string[] = []) => {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && labels.every((label) => l.includes(label)));
  return line === undefined ? undefined : Number(line.split(" ").pop());
};

beforeAll(async () => {
  subgraph = await startTestSubgraph(reviewSubgraph, "review-metrics");
});

afterAll(async () => {
  await subgraph?.stop();
});

describe("review subgraph /readyz and /metrics", () => {
  it("is ready with its database reachable, and answers /metrics without an identity", async () => {
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
    const text = await metrics();
    for (const name of ["nats_connected", "nats_consumer_pending_messages", "nats_consumer_ack_pending_messages", "outbox_oldest_unpublished_age_seconds", "outbox_unpublished_rows", "db_pool_connections"]) {
      expect(text, name).toMatch(new RegExp(`^${name}\\{[^}]*service="review"`, "m"));
    }
    expect(sample(text, "nats_connected")).toBe(1);
    expect(sample(text, "db_pool_connections", ['state="waiting"'])).toBe(0);
  });

  it("counts handled events with their time, and dead letters", async () => {
    const { bus, env } = subgraph;
    const keys = { reservationId: randomUUID(), roomId: randomUUID(), guestId: "guest-m", hostId: "host-1", checkIn: "2027-01-10", checkOut: "2027-01-12", paymentId: randomUUID() };
    await bus.publish(createEvent("ReservationConfirmed", { ...keys, nights: 2, guests: 1, amount: 200_000 }, { correlationId: keys.reservationId, causationId: randomUUID() }, sources));
    await bus.js.publish(subjectOf(env.NATS_SUBJECT_PREFIX!, "ReservationConfirmed"), new TextEncoder().encode("{not json"));
    const text = await waitFor(async (): Promise<string | undefined> => {
      const now = await metrics();
      const counted = sample(now, "events_dead_lettered_total", ['consumer="review"']) === 1 && sample(now, "events_handled_total", ['type="ReservationConfirmed"', 'outcome="ok"']) === 1;
      return counted ? now : undefined;
    }, { what: "the two events counted" });
    expect(sample(text, "event_handling_duration_seconds_count", ['consumer="review"'])).toBeGreaterThanOrEqual(2);
    await waitFor(async () => sample(await metrics(), "nats_consumer_ack_pending_messages", ['consumer="review"']) === 0, { what: "nothing left to acknowledge" });
  });

  it("refuses to be ready against a stream with fewer replicas than NATS_STREAM_REPLICAS, and leaves the stream alone", async () => {
    const strict = await runSubgraph(reviewSubgraph, { ...subgraph.env, PORT: "0", NATS_STREAM_REPLICAS: "3" });
    try {
      const ready = await fetch(`http://127.0.0.1:${strict.port}/readyz`);
      expect(ready.status).toBe(503);
      expect((await subgraph.bus.jsm.streams.info(subgraph.env.NATS_STREAM!)).config.num_replicas).toBe(1);
    } finally {
      await strict.stop();
    }
  });
});
