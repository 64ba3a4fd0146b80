// The NATS users of k8s/base/nats/config.yaml, over the prod overlay's TLS: each process's
// real code paths (EventBus, durable consumers, dead letters, board notices, the router's
// live feed, the rebuild's replay, stream setup) work with exactly its permissions, and
// what belongs to another context is refused by the server.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { jetstreamManager } from "@nats-io/jetstream";
import { systemSources } from "@airbnb/config";
import { createEvent, eventCatalog, everyType, type DomainEvent } from "@airbnb/events";
import { consumerCaughtUp, EventBus, natsAuthOf, natsMetrics, startConsumer, type RunningConsumer } from "@airbnb/nats";
import { createLogger, createMetricsRegistry } from "@airbnb/observability";
import { waitFor } from "@airbnb/testkit";
import { startLiveFeed } from "../../router/src/subscriptions/live-feed.ts";
import type { Touch } from "../../router/src/subscriptions/topics.ts";
import { openReplay } from "../../subgraphs/viewpage/src/infrastructure/stream-replay.ts";
import { startNats, type TestNats } from "./support/nats-server.ts";

const sources = systemSources();

const configMapData = (file: string): Record<string, string> => parse(readFileSync(new URL(`../../k8s/${file}`, import.meta.url), "utf8")).data;
const AUTHORIZATION = configMapData("base/nats/config.yaml")["authorization.conf"]!;
const TLS = configMapData("overlays/prod/patches/nats-tls.yaml")["tls.conf"]!;

const USERS = ["room", "reservation", "payment", "mileage", "review", "message", "viewpage", "router", "viewpage-rebuild", "stream-setup"] as const;
type User = (typeof USERS)[number];
const passwordVariable = (user: User) => `${user.toUpperCase().replaceAll("-", "_")}_NATS_PASSWORD`;
// A letter first: the server reads a variable's value as a configuration token, and digits as a number.
const passwords = Object.fromEntries(USERS.map((user) => [user, `pw${randomBytes(16).toString("hex")}`])) as Record<User, string>;

/** The durable consumers and their filters, as the subgraphs declare them (subgraphs/<context>/src/subgraph.ts). */
const CONSUMERS = { reservation: "room.>", payment: "reservation.>", mileage: "payment.>", review: "reservation.>", message: undefined, viewpage: undefined };
type Consuming = keyof typeof CONSUMERS;

const origin = { correlationId: "booking-1", causationId: "booking-1" };
const stay = { reservationId: "res-1", roomId: "room-1", guestId: "guest-1" };
/** One event of each publishing context. */
const EVENTS: DomainEvent[] = [
  createEvent("RoomRegistered", { roomId: "room-1", hostId: "host-1", version: 1, name: "Loft", description: "bright", city: "Seoul", pricePerNight: 100, capacity: 2 }, origin, sources),
  createEvent("ReservationConfirmed", { ...stay, hostId: "host-1", checkIn: "2027-01-01", checkOut: "2027-01-03", nights: 2, guests: 1, amount: 200, paymentId: "pay-1" }, origin, sources),
  createEvent("PaymentApproved", { ...stay, paymentId: "pay-1", amount: 200 }, origin, sources),
  createEvent("MileageEarned", { ...stay, entryId: "mil-1", points: 10 }, origin, sources),
  createEvent("ReviewWritten", { reviewId: "rev-1", roomId: "room-1", guestId: "guest-1", rating: 5 }, origin, sources),
  createEvent("MessageSent", { messageId: "msg-1", recipientId: "guest-1", kind: "notice", reservationId: "res-1", roomId: "room-1" }, origin, sources),
];
const sourceOf = (event: DomainEvent) => eventCatalog[event.type].source;

let nats: TestNats;
let certDir: string;
const buses: EventBus[] = [];
const violations = new Map<EventBus, string[]>();

function makeCertificates(dir: string): void {
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test-ca", "-keyout", "ca.key", "-out", "ca.crt");
  run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=nats", "-addext", "subjectAltName=DNS:localhost", "-keyout", "tls.key", "-out", "tls.csr");
  run("x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1", "-copy_extensions", "copy", "-out", "tls.crt");
}

async function connectAs(user: User, create = false): Promise<EventBus> {
  const bus = await EventBus.connect({
    // The host name the certificate is for: the client checks it.
    url: `nats://localhost:${nats.port}`,
    name: user,
    stream: "AIRBNB",
    prefix: "airbnb",
    logger: createLogger(user, "silent"),
    streams: { replicas: 1, maxBytes: 64 * 1024 ** 2, maxAgeHours: 1, create },
    auth: natsAuthOf({ NATS_USER: user, NATS_PASSWORD: passwords[user], NATS_TLS_CA: path.join(certDir, "ca.crt") }),
  });
  buses.push(bus);
  const seen: string[] = [];
  violations.set(bus, seen);
  void (async () => {
    for await (const status of bus.nc.status()) if (status.type === "error" && status.error.name === "PermissionViolationError") seen.push(status.error.message);
  })();
  return bus;
}

/** The server refuses `subject` to this user: publishing it is reported back as a permission violation. */
async function refused(bus: EventBus, subject: string): Promise<void> {
  bus.nc.publish(subject, "{}");
  await waitFor(() => violations.get(bus)!.some((message) => message.includes(`"${subject}"`)), { timeoutMs: 3000, what: `${bus.nc.info?.client_id}: ${subject} refused` });
}

beforeAll(async () => {
  certDir = mkdtempSync(path.join(tmpdir(), "nats-permissions-"));
  makeCertificates(certDir);
  nats = await startNats({
    config: {
      "nats.conf": "include ./authorization.conf\ninclude ./tls.conf\n",
      "authorization.conf": AUTHORIZATION,
      "tls.conf": TLS.replaceAll("/etc/nats-tls/", `${certDir}/`),
    },
    env: Object.fromEntries(USERS.map((user) => [passwordVariable(user), passwords[user]])),
  });
}, 30_000);

afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close().catch(() => undefined)));
  await nats?.dispose();
  rmSync(certDir, { recursive: true, force: true });
});

describe("NATS users per context (k8s authorization, TLS)", () => {
  it("grants event subjects exactly to the contexts that publish them (the event catalog)", () => {
    const granted = new Map<string, string[]>();
    for (const block of AUTHORIZATION.split(/\buser: /).slice(1)) {
      const user = block.split(",")[0]!.trim();
      granted.set(user, [...block.matchAll(/"airbnb\.([a-z]+)\.>"/g)].map((m) => m[1]!));
    }
    const sources = [...new Set(Object.values(eventCatalog).map((entry) => entry.source))];
    for (const user of USERS) expect(granted.get(user), user).toEqual(sources.includes(user as never) ? [user] : []);
    for (const entry of Object.values(eventCatalog)) expect(entry.subject.startsWith(`${entry.source}.`)).toBe(true);
  });

  it("refuses a client without a password, and one with another user's", async () => {
    await expect(EventBus.connect({ ...connectionWithout(), auth: natsAuthOf({ NATS_TLS_CA: path.join(certDir, "ca.crt") }) })).rejects.toThrow(/authorization/i);
    await expect(EventBus.connect({ ...connectionWithout(), auth: natsAuthOf({ NATS_USER: "room", NATS_PASSWORD: passwords.payment, NATS_TLS_CA: path.join(certDir, "ca.crt") }) })).rejects.toThrow(/authorization/i);
  });

  it("runs every context's code paths with its own user, and refuses it the others'", async () => {
    // The setup Job's user creates both streams (the services only verify them) and raises a bound.
    const setup = await connectAs("stream-setup", true);
    expect(await setup.streamsFit()).toBe(true);
    const info = await setup.jsm.streams.info("AIRBNB");
    await setup.jsm.streams.update("AIRBNB", { max_bytes: info.config.max_bytes * 2 });

    const router = await connectAs("router");
    const touches: Touch[] = [];
    const feed = await startLiveFeed(router, (touch) => touches.push(touch));

    const contexts = {} as Record<Consuming | "room", EventBus>;
    const handled = new Map<string, string[]>();
    const consumers: RunningConsumer[] = [];
    for (const context of ["room", ...Object.keys(CONSUMERS)] as Array<Consuming | "room">) {
      const bus = await connectAs(context);
      expect(await bus.streamsFit()).toBe(true);
      contexts[context] = bus;
      if (context === "room") continue;
      handled.set(context, []);
      // A consumer left with another filter by an older release: startConsumer deletes and recreates it.
      await (await startConsumer(bus, { context, filter: "elsewhere.>", handlers: {} })).stop();
      consumers.push(
        await startConsumer(bus, {
          context,
          filter: CONSUMERS[context] ?? ">",
          maxDeliver: 1,
          // The review consumer fails every event: each goes to its dead letters.
          handlers: everyType(async (event) => {
            if (context === "review") throw new Error("refused for the test");
            handled.get(context)!.push(event.type);
          }),
        }),
      );
    }

    for (const event of EVENTS) await contexts[sourceOf(event) as Consuming | "room"].publish(event);
    contexts.viewpage.announce("BoardRowChanged", { roomId: "room-1" });

    const expected = (filter?: string) => EVENTS.filter((e) => !filter || eventCatalog[e.type].subject.startsWith(filter.slice(0, -1))).map((e) => e.type);
    for (const context of ["reservation", "payment", "mileage", "message", "viewpage"] as const) {
      await waitFor(() => handled.get(context)!.length === expected(CONSUMERS[context]).length, { what: `${context} handled its events` });
      expect(handled.get(context)).toEqual(expected(CONSUMERS[context]));
      await waitFor(() => consumerCaughtUp(contexts[context], context), { what: `${context} acknowledged` });
    }
    await waitFor(async () => (await contexts.review.jsm.streams.info("AIRBNB_DLQ")).state.messages === expected(CONSUMERS.review).length, { what: "review's dead letters" });
    await waitFor(() => touches.filter((t) => t.topic === "room:room-1").length >= 2, { what: "the router saw the room's event and the board notice" });
    // The router's /metrics shows every durable consumer's lag (natsMetrics, everyDurable): its user lists the consumers.
    const registry = createMetricsRegistry("router");
    natsMetrics(registry, router, { everyDurable: true });
    const lag = await registry.getSingleMetricAsString("nats_consumer_pending_messages");
    for (const context of Object.keys(CONSUMERS)) expect(lag).toContain(`consumer="${context}"`);

    // The rebuild replays the whole stream and removes its consumer.
    const rebuild = await connectAs("viewpage-rebuild");
    const replay = await openReplay(rebuild);
    const replayed: string[] = [];
    await replay.readToEnd(({ event }) => replayed.push(event.type));
    await replay.close();
    expect(replayed).toEqual(EVENTS.map((e) => e.type));
    // What the board's live consumer has applied (board-rebuild.ts, durableAckFloor).
    expect((await rebuild.jsm.consumers.info("AIRBNB", "viewpage")).ack_floor.stream_seq).toBe(EVENTS.length);

    await feed.stop();
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    // A restart with the same filter updates the consumer in place.
    await (await startConsumer(contexts.reservation, { context: "reservation", filter: CONSUMERS.reservation, handlers: everyType(async () => undefined) })).stop();
    for (const bus of buses) expect(violations.get(bus), bus.nc.info?.client_id.toString()).toEqual([]);

    // Another context's events, consumer, acks and dead letters; the board notices; the streams.
    await refused(contexts.room, "airbnb.reservation.confirmed");
    await refused(contexts.payment, "airbnb.room.registered");
    await refused(contexts.reservation, "live.airbnb.board.room-1");
    await refused(contexts.payment, "$JS.API.CONSUMER.INFO.AIRBNB.reservation");
    await refused(contexts.payment, "$JS.API.CONSUMER.MSG.NEXT.AIRBNB.reservation");
    await refused(contexts.payment, "$JS.API.CONSUMER.CREATE.AIRBNB.reservation.airbnb.room.>");
    await refused(contexts.payment, "$JS.ACK.AIRBNB.reservation.1.1.1.1.1");
    await refused(contexts.payment, "dlq.airbnb.reservation");
    await refused(contexts.viewpage, "$JS.API.CONSUMER.DELETE.AIRBNB.payment");
    await refused(contexts.room, "$JS.API.STREAM.CREATE.AIRBNB");
    await refused(contexts.room, "$JS.API.STREAM.PURGE.AIRBNB");
    await refused(setup, "$JS.API.STREAM.DELETE.AIRBNB");
    await refused(setup, "airbnb.room.registered");
    // The ephemeral-consumer users may not touch a durable one.
    await refused(router, "airbnb.room.registered");
    await refused(router, "$JS.API.CONSUMER.MSG.NEXT.AIRBNB.reservation");
    await refused(router, "$JS.API.CONSUMER.CREATE.AIRBNB.viewpage.airbnb.>");
    await refused(rebuild, "$JS.API.CONSUMER.CREATE.AIRBNB.payment");
    await refused(rebuild, "$JS.API.CONSUMER.DELETE.AIRBNB.payment");
    await refused(rebuild, "$JS.API.CONSUMER.INFO.AIRBNB.payment");

    // Through the API as the code would call it: another context's consumer is not found, it is refused.
    const paymentApi = await jetstreamManager(contexts.payment.nc, { timeout: 1000 });
    await expect(paymentApi.consumers.info("AIRBNB", "reservation")).rejects.toThrow();
    expect(await contexts.reservation.jsm.consumers.info("AIRBNB", "reservation")).toBeTruthy();
  }, 60_000);
});

function connectionWithout() {
  return { url: `nats://localhost:${nats.port}`, name: "anonymous", stream: "AIRBNB", prefix: "airbnb", logger: createLogger("anonymous", "silent"), streams: { replicas: 1, maxBytes: 1024, maxAgeHours: 1, create: false } };
}
