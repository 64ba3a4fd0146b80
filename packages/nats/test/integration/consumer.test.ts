import { AsyncLocalStorage } from "node:async_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, ignore, type EventOf } from "@airbnb/events";
import { createLogger } from "@airbnb/observability";
import { testEnv, waitFor } from "@airbnb/testkit";
import { testSources } from "@airbnb/testkit/use-case-spec";
import { startConsumer, eventConsumer } from "../../src/consumer.ts";
import { EventBus } from "../../src/event-bus.ts";
import { deadLetterStream, verifyStreams, type StreamNames } from "../../src/streams.ts";

const env = testEnv("consumer-int");
const names: StreamNames = { stream: env.NATS_STREAM!, prefix: env.NATS_SUBJECT_PREFIX! };
const sources = testSources();
let bus: EventBus;

const drop = () => Promise.all([names.stream, deadLetterStream(names)].map((name) => bus.jsm.streams.delete(name).catch(() => false)));

const registered = (n: number) =>
  Array.from({ length: n }, () => {
    const roomId = sources.newId();
    const data = { roomId, hostId: roomId, version: 1, name: "Room", description: "", city: "Seoul", pricePerNight: 10_000, capacity: 2 };
    return createEvent("RoomRegistered", data, { correlationId: roomId, causationId: roomId }, sources);
  });

beforeAll(async () => {
  const streams = { replicas: 1, maxBytes: 64 * 1024 ** 2, maxAgeHours: 1, create: true };
  bus = await EventBus.connect({ ...names, url: env.NATS_URL ?? "nats://127.0.0.1:4222", name: "consumer-test", logger: createLogger("consumer-test", "error"), streams });
  // A fresh stream: no consumer or events of an earlier run.
  await drop();
  await verifyStreams(bus.jsm, names, streams);
});

afterAll(async () => {
  await drop();
  await bus.close();
});

describe("startConsumer", () => {
  it("applies a burst that arrived while a batch was being applied, to its last event, and acknowledges every one", async () => {
    const applied = new Set<string>();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const first = new Promise<void>((resolve) => (entered = resolve));
    const apply = async (event: EventOf<"RoomRegistered">) => {
      if (applied.size === 0) {
        entered();
        await gate;
      }
      applied.add(event.data.roomId);
    };
    const consumer = await startConsumer(bus, {
      context: "burst",
      ...eventConsumer({ filter: "room.>", handlers: { RoomRegistered: apply, RoomModified: ignore, RoomDeleted: ignore } }),
    });
    try {
      const [head, ...burst] = registered(400);
      await bus.publish(head!);
      await first;
      // The rest arrives while the first batch is held: the client buffers it behind its own re-pull requests.
      await Promise.all(burst.map((event) => bus.publish(event)));
      await waitFor(async () => (await bus.jsm.consumers.info(names.stream, "burst")).num_pending === 0, { what: "the burst delivered" });
      release();
      await waitFor(() => applied.size === 400, { timeoutMs: 10_000, what: "all 400 applied" });
      await waitFor(async () => (await bus.jsm.consumers.info(names.stream, "burst")).num_ack_pending === 0, { what: "all 400 acknowledged" });
    } finally {
      release();
      await consumer.stop();
    }
  });

  it("applies a small batch in one transaction, and splits a larger one into lanes of at least 16 events", async () => {
    const unit = new AsyncLocalStorage<{ events: number }>();
    const units: Array<{ events: number }> = [];
    let release!: () => void;
    let gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    let held = new Promise<void>((resolve) => (entered = resolve));
    const apply = async (event: EventOf<"RoomRegistered">) => {
      unit.getStore()!.events++;
      if (event.data.name === "hold") {
        entered();
        await gate;
      }
    };
    const consumer = await startConsumer(bus, {
      context: "lanes",
      ...eventConsumer({ filter: "room.>", handlers: { RoomRegistered: apply, RoomModified: ignore, RoomDeleted: ignore } }),
      unitOfWork: (work) => {
        const counted = { events: 0 };
        units.push(counted);
        return unit.run(counted, work);
      },
    });
    /** Publishes a held event, then `size` more while it is held: they are applied as one batch once it is released. */
    const batchOf = async (size: number) => {
      const [head, ...rest] = registered(size + 1);
      await bus.publish({ ...head!, data: { ...head!.data, name: "hold" } });
      await held;
      await Promise.all(rest.map((event) => bus.publish(event)));
      await waitFor(async () => (await bus.jsm.consumers.info(names.stream, "lanes")).num_pending === 0, { what: "the batch delivered" });
      const before = units.length;
      release();
      await waitFor(async () => (await bus.jsm.consumers.info(names.stream, "lanes")).num_ack_pending === 0, { what: "the batch acknowledged" });
      gate = new Promise<void>((resolve) => (release = resolve));
      held = new Promise<void>((resolve) => (entered = resolve));
      return units.slice(before).map(({ events }) => events);
    };
    try {
      expect(await batchOf(12)).toEqual([12]);
      const lanes = await batchOf(40);
      expect(lanes).toHaveLength(3);
      expect(lanes.reduce((sum, events) => sum + events, 0)).toBe(40);
    } finally {
      release();
      await consumer.stop();
    }
  });
});
