import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, nanos, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { testEnv } from "@airbnb/testkit";
import { deadLetterStream, verifyStreams, type StreamNames, type StreamPolicy } from "../../src/streams.ts";

let nc: NatsConnection;
let jsm: JetStreamManager;
const env = testEnv("streams-int");
const names: StreamNames = { stream: env.NATS_STREAM!, prefix: env.NATS_SUBJECT_PREFIX! };
const policy: StreamPolicy = { replicas: 1, maxBytes: 64 * 1024 ** 2, maxAgeHours: 24, create: true };
const drop = () => Promise.all([names.stream, deadLetterStream(names)].map((name) => jsm.streams.delete(name).catch(() => false)));

beforeAll(async () => {
  nc = await connect({ servers: env.NATS_URL ?? "nats://127.0.0.1:4222" });
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  await drop();
  await nc.close();
});

describe("verifyStreams", () => {
  it("creates both streams bounded where allowed", async () => {
    await drop();
    expect(await verifyStreams(jsm, names, policy)).toEqual([]);
    const events = (await jsm.streams.info(names.stream)).config;
    const dead = (await jsm.streams.info(deadLetterStream(names))).config;
    expect(events).toMatchObject({ max_bytes: 64 * 1024 ** 2, max_age: nanos(24 * 3_600_000), num_replicas: 1 });
    expect(dead).toMatchObject({ max_bytes: 8 * 1024 ** 2, max_age: nanos(30 * 24 * 3_600_000) });
  });

  it("never creates a stream in production: it reports it missing", async () => {
    await drop();
    expect(await verifyStreams(jsm, names, { ...policy, create: false })).toEqual([
      expect.stringContaining(`stream ${names.stream} is missing`),
      expect.stringContaining(`stream ${deadLetterStream(names)} is missing`),
    ]);
    await expect(jsm.streams.info(names.stream)).rejects.toThrow();
  });

  it("leaves an existing stream as it is and reports fewer replicas than required", async () => {
    await drop();
    // As the setup Job would have made it: larger limits than this process's settings.
    await jsm.streams.add({ name: names.stream, subjects: [`${names.prefix}.>`], max_bytes: 512 * 1024 ** 2, max_age: nanos(7 * 24 * 3_600_000) });
    await jsm.streams.add({ name: deadLetterStream(names), subjects: [`dlq.${names.prefix}.>`] });
    expect(await verifyStreams(jsm, names, { ...policy, replicas: 3 })).toEqual([
      `stream ${names.stream} has 1 replica(s), fewer than NATS_STREAM_REPLICAS=3`,
      `stream ${deadLetterStream(names)} has 1 replica(s), fewer than NATS_STREAM_REPLICAS=3`,
    ]);
    expect((await jsm.streams.info(names.stream)).config).toMatchObject({ max_bytes: 512 * 1024 ** 2, max_age: nanos(7 * 24 * 3_600_000), num_replicas: 1 });
  });
});
