import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContextName } from "@airbnb/config";
import { errorCode } from "@airbnb/testkit";
import { actor, client, consumersCaughtUp, plan, pool, registeredRooms, report, startFaultSystem, waitFor, type Actor, type FaultSystem } from "./support/fault-system.ts";
import { startNatsCluster, type TestNatsCluster } from "./support/nats-cluster.ts";
import { readStream } from "./support/stream.ts";

const BOARD = `query($id: ID!) { room(id: $id) { board { confirmedReservations } } }`;
/** Every context that writes events through an outbox. */
const PUBLISHERS: ContextName[] = ["room", "reservation", "payment", "mileage", "message", "review", "viewpage"];

let f: FaultSystem<TestNatsCluster>;
let api: ReturnType<typeof client>;
let host: Actor;
let rooms: string[];

beforeAll(async () => {
  f = await startFaultSystem("natscluster", 4510, () => ({ NATS_STREAM_REPLICAS: "3" }), () => startNatsCluster(4591));
  api = client(f.routerUrl);
  host = await actor(["host"]);
  rooms = await registeredRooms(f, host, 10, "Cluster room");
});

afterAll(async () => {
  await f?.dispose();
});

const streamLeader = async () => {
  const { jsm } = await f.jet();
  return (await jsm.streams.info(f.stream)).cluster?.leader;
};

describe("JetStream cluster (3 nodes, stream at R3), the stream leader killed", () => {
  it("keeps every booking CONFIRMED or refused with a contract code, every committed event in the stream once, every consumer caught up", async () => {
    const { jsm } = await f.jet();
    const info = await jsm.streams.info(f.stream);
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas?.length).toBe(2);

    const guests = await Promise.all(Array.from({ length: 10 }, () => actor(["guest"])));
    const bookings = plan(300, rooms, guests, 10);
    let killed = "";
    let killedAt = 0;
    let newLeader: Promise<{ leader: string; ms: number }> | undefined;
    let restartedAt = 0;
    const kill = async () => {
      killed = (await streamLeader())!;
      await f.nats.node(killed).kill();
      killedAt = Date.now();
      newLeader = waitFor(async () => {
        const leader = await streamLeader().catch(() => undefined);
        return leader && leader !== killed ? { leader, ms: Date.now() - killedAt } : undefined;
      }, { timeoutMs: 30_000, intervalMs: 50, what: "a new stream leader" });
    };
    const results = await pool(bookings, 10, async (booking, i) => {
      if (i === 80) await kill();
      if (i === 220) {
        await newLeader;
        await f.nats.node(killed).start();
        restartedAt = Date.now();
      }
      return api.reserve(booking);
    });
    const lastBookingAt = Date.now();
    expect(restartedAt).toBeGreaterThan(0);
    const elected = await newLeader!;

    const confirmed = results.filter((r) => r.data?.reserveRoom?.status === "CONFIRMED");
    const refused = results.filter((r) => r.data?.reserveRoom?.status !== "CONFIRMED").map((r) => errorCode(r) ?? `HTTP ${r.status}`);
    expect(refused.filter((code) => code.startsWith("HTTP") || code === "INTERNAL_SERVER_ERROR")).toEqual([]);

    // Every committed change's event: each outbox row published, and in the stream exactly once.
    const { js } = await f.jet();
    const outboxIds: string[] = await waitFor(async () => {
      const rows = (await Promise.all(PUBLISHERS.map((c) => f.sql<{ id: string; published: boolean }>(c, "SELECT id::text, published_at IS NOT NULL published FROM outbox")))).flat();
      return rows.every((r) => r.published) ? rows.map((r) => r.id) : undefined;
    }, { timeoutMs: 60_000, intervalMs: 250, what: "every outbox row published" });
    const messages = await readStream(js, jsm, f.stream);
    const copies = new Map<string, number>();
    for (const { event } of messages) if (event) copies.set(event.id, (copies.get(event.id) ?? 0) + 1);
    const lost = outboxIds.filter((id) => !copies.has(id)).length;
    const duplicated = [...copies.values()].filter((n) => n > 1).length;
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);

    // Every durable consumer delivered and had acknowledged everything; the board agrees with the bookings.
    const consumers = (await jsm.consumers.list(f.stream).next()).filter((c) => c.config.durable_name).map((c) => c.name);
    expect(consumers.length).toBeGreaterThan(0);
    await waitFor(() => consumersCaughtUp(jsm, f.stream, consumers), { timeoutMs: 60_000, intervalMs: 200, what: "every consumer caught up" });
    const caughtUpMs = Date.now() - lastBookingAt;
    const perRoom = new Map<string, number>();
    results.forEach((r, i) => r.data?.reserveRoom?.status === "CONFIRMED" && perRoom.set(bookings[i]!.roomId, (perRoom.get(bookings[i]!.roomId) ?? 0) + 1));
    await waitFor(async () => {
      for (const room of rooms) {
        if ((await api.call(undefined, BOARD, { id: room })).data?.room.board?.confirmedReservations !== (perRoom.get(room) ?? 0)) return false;
      }
      return true;
    }, { timeoutMs: 60_000, intervalMs: 250, what: "the board to converge" });
    const convergedMs = Date.now() - lastBookingAt;
    // The restarted node caught up with the stream as a follower.
    await waitFor(async () => {
      const replicas = (await jsm.streams.info(f.stream)).cluster?.replicas ?? [];
      return replicas.length === 2 && replicas.every((r) => r.current);
    }, { timeoutMs: 30_000, intervalMs: 200, what: "both followers current" });

    report(
      `3-node JetStream cluster (nats-server ${f.nats.version}, ${f.nats.fsyncAlways ? "sync_interval: always" : "lazy fsync: this server has no sync_interval"}), stream R3; ` +
        "kill -9 the stream leader during 300 bookings (concurrency 10), restarted 140 bookings later",
      "bookings CONFIRMED / refused; events lost / duplicated; leader election; consumers caught up and board converged after the last booking",
      `${confirmed.length} CONFIRMED, ${refused.length} refused (${[...new Set(refused)].join(",") || "-"}); ` +
        `${outboxIds.length} committed events: ${lost} lost, ${duplicated} duplicated; leader ${killed} killed, ${elected.leader} led ${elected.ms} ms later; ` +
        `node down ${restartedAt - killedAt} ms; ${consumers.length} consumers caught up ${caughtUpMs} ms and board converged ${convergedMs} ms after the last booking`,
    );
  });
});
