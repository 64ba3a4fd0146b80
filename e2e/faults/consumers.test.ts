import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nanos } from "@nats-io/transport-node";
import { actor, client, consumersCaughtUp, plan, pool, report, startFaultSystem, waitFor, type Actor, type FaultSystem } from "./support/fault-system.ts";
import { readStream } from "./support/stream.ts";

const CONSUMERS = ["mileage", "message", "review", "viewpage", "payment", "reservation"];

let f: FaultSystem;
let api: ReturnType<typeof client>;
let host: Actor;

async function newRooms(n: number, tag: string): Promise<string[]> {
  const ids = await pool(Array.from({ length: n }, (_, i) => i), 5, async (i) => (await api.registerRoom(host, { name: `${tag} ${i}`, pricePerNight: 10_000 + i * 100 })).id);
  await waitFor(async () => Number((await f.sql<{ n: string }>("reservation", "SELECT count(*) n FROM room_replicas WHERE id = ANY($1::uuid[])", [ids]))[0]!.n) === n, {
    timeoutMs: 20_000, what: "room replicas",
  });
  return ids;
}

async function bookAll(count: number, rooms: string[], firstDay: number, concurrency = 10) {
  const guests = await Promise.all(Array.from({ length: 10 }, () => actor(["guest"])));
  const results = await pool(plan(count, rooms, guests, firstDay), concurrency, (booking) => api.reserve(booking));
  const ids = results.map((r) => r.data?.reserveRoom?.status === "CONFIRMED" && (r.data.reserveRoom.id as string)).filter((id): id is string => Boolean(id));
  return { ids, errors: results.filter((r) => r.errors).map((r) => r.errors![0]!.message) };
}

const one = async (context: Parameters<FaultSystem["sql"]>[0], text: string, params: unknown[] = []) =>
  Number(Object.values((await f.sql(context, text, params))[0]!)[0]);

/** What the supporting contexts hold for these reservations, and whether any is there twice. */
async function effects(ids: string[], rooms: string[]) {
  return {
    earned: await one("mileage", "SELECT count(*) FROM mileage_entries WHERE kind = 'EARNED' AND reservation_id = ANY($1)", [ids]),
    earnedDistinct: await one("mileage", "SELECT count(DISTINCT reservation_id) FROM mileage_entries WHERE kind = 'EARNED' AND reservation_id = ANY($1)", [ids]),
    messages: await one("message", "SELECT count(*) FROM messages WHERE reservation_id = ANY($1)", [ids]),
    messagesDistinct: await one("message", "SELECT count(DISTINCT (reservation_id, recipient_id, kind)) FROM messages WHERE reservation_id = ANY($1)", [ids]),
    stays: await one("review", "SELECT count(*) FROM stays WHERE reservation_id = ANY($1)", [ids]),
    board: await one("viewpage", "SELECT coalesce(sum(confirmed_reservations), 0) FROM room_board WHERE room_id = ANY($1)", [rooms]),
  };
}

/** A booking's settled effects: 1 EARNED entry, 3 messages (guest: confirmed + mileage, host: confirmed), 1 stay, 1 on the board. */
const settled = (n: number) => ({ earned: n, earnedDistinct: n, messages: 3 * n, messagesDistinct: 3 * n, stays: n, board: n });

async function totals() {
  return {
    mileage: await one("mileage", "SELECT count(*) FROM mileage_entries"),
    messages: await one("message", "SELECT count(*) FROM messages"),
    stays: await one("review", "SELECT count(*) FROM stays"),
    board: await one("viewpage", "SELECT coalesce(sum(confirmed_reservations), 0) + coalesce(sum(mileage_points_issued), 0) FROM room_board"),
    payments: await one("payment", "SELECT count(*) FROM payments"),
    refunds: await one("payment", "SELECT count(*) FROM payments WHERE status = 'REFUNDED'"),
  };
}

async function caughtUp() {
  const { jsm } = await f.jet();
  await waitFor(() => consumersCaughtUp(jsm, f.stream, CONSUMERS), { timeoutMs: 60_000, intervalMs: 200, what: "every consumer caught up" });
}

const allBooked: { ids: string[]; rooms: string[] } = { ids: [], rooms: [] };

beforeAll(async () => {
  f = await startFaultSystem("consumers", 4430);
  api = client(f.routerUrl);
  host = await actor(["host"]);
});

afterAll(async () => {
  await f?.dispose();
});

describe("consumers under faults", () => {
  it("3. catches up after mileage, message, review and viewpage were down for 100 bookings, with no duplicates", async () => {
    const down = ["mileage", "message", "review", "viewpage"];
    const rooms = await newRooms(10, "Catch-up room");
    await Promise.all(down.map((name) => f.system.stopProcess(name)));
    const { ids, errors } = await bookAll(100, rooms, 10);
    expect(errors).toEqual([]);
    expect(ids).toHaveLength(100);
    expect(await effects(ids, rooms)).toMatchObject({ earned: 0, messages: 0, stays: 0 });

    const restarted = Date.now();
    await Promise.all(down.map((name) => f.system.startProcess(name)));
    const ready = Date.now() - restarted;
    await waitFor(async () => JSON.stringify(await effects(ids, rooms)) === JSON.stringify(settled(100)), {
      timeoutMs: 60_000, intervalMs: 100, what: "the four contexts to catch up",
    });
    const catchUp = Date.now() - restarted;
    await caughtUp();
    const after = await effects(ids, rooms);
    expect(after).toEqual(settled(100));
    allBooked.ids.push(...ids);
    allBooked.rooms.push(...rooms);
    report(
      "3. mileage, message, review, viewpage stopped (SIGTERM) during 100 bookings, then restarted",
      "bookings CONFIRMED; effects after restart (EARNED / messages / stays / board); duplicates; catch-up time",
      `100/100 CONFIRMED; ${after.earned} EARNED, ${after.messages} messages, ${after.stays} stays, board ${after.board}; duplicates 0; ` +
        `restart → converged ${catchUp} ms (processes ready after ${ready} ms)`,
    );
  });

  it("5. shares the mileage durable consumer among three replicas over 500 bookings: 500 EARNED entries, none twice", async () => {
    const replicas = [await f.system.startProcess("mileage", { port: f.sparePort(0) }), await f.system.startProcess("mileage", { port: f.sparePort(1) })];
    try {
      const { jsm } = await f.jet();
      // Each replica keeps a pull request open on the one durable consumer.
      const waiting = await waitFor(async () => {
        const n = (await jsm.consumers.info(f.stream, "mileage")).num_waiting;
        return n >= 3 && n;
      }, { timeoutMs: 15_000, what: "three replicas pulling from the mileage consumer" });
      const rooms = await newRooms(20, "Replica room");
      const before = await mileageConnections();
      const started = Date.now();
      const { ids, errors } = await bookAll(500, rooms, 40, 12);
      const booked = Date.now() - started;
      expect(errors).toEqual([]);
      expect(ids).toHaveLength(500);
      await waitFor(async () => (await effects(ids, rooms)).earned === 500, { timeoutMs: 60_000, intervalMs: 200, what: "500 EARNED entries" });
      await caughtUp();
      const delivered = [...(await mileageConnections())].map(([cid, n]) => n - (before.get(cid) ?? 0));
      const after = await effects(ids, rooms);
      const dupes = await one("mileage", "SELECT count(*) FROM (SELECT payment_id FROM mileage_entries GROUP BY payment_id, kind HAVING count(*) > 1) d");
      expect(after.earned).toBe(500);
      expect(after.earnedDistinct).toBe(500);
      expect(dupes).toBe(0);
      expect(delivered.filter((n) => n > 0).length).toBe(3);
      allBooked.ids.push(...ids);
      allBooked.rooms.push(...rooms);
      report(
        "5. three mileage replicas share the durable consumer over 500 bookings",
        "messages the server sent each mileage connection; EARNED entries; distinct reservations; duplicates",
        `${waiting} pull requests waiting; per replica ${delivered.join(" / ")} messages (deliveries + pull status); 500/500 CONFIRMED in ${booked} ms; ${after.earned} EARNED, ${after.earnedDistinct} distinct, ${dupes} duplicates`,
      );
    } finally {
      await Promise.all(replicas.map((name) => f.system.stopProcess(name)));
    }
  });

  it("4. applies redelivered, replayed and republished events once (counts in the databases), and purges the outbox past retention", async () => {
    expect(allBooked.ids.length).toBeGreaterThan(0);
    await caughtUp();
    const { jsm } = await f.jet();
    const before = await totals();
    const expected = settled(allBooked.ids.length);
    const lastSeq = async () => (await jsm.streams.info(f.stream)).state.last_seq;
    const seq0 = await lastSeq();
    const published = () => one("reservation", "SELECT count(*) FROM outbox WHERE published_at IS NOT NULL");
    const rows = await one("reservation", "SELECT count(*) FROM outbox");
    const since = (await f.sql<{ t: Date }>("reservation", "SELECT min(created_at) t FROM outbox"))[0]!.t.toISOString();

    // a) Republish from the outbox inside the duplicate window: the stream drops them by Nats-Msg-Id.
    const marked = await republish("reservation", since);
    expect(marked).toBe(rows);
    await waitFor(async () => (await published()) === rows, { timeoutMs: 30_000, what: "the relay to republish" });
    const seqA = await lastSeq();
    expect(seqA).toBe(seq0);

    // b) Beyond the window (shrunk to 1 s on this test's stream; the contract's is 5 min), the same
    //    events are stored again and delivered to every consumer a second time: the inboxes drop them.
    const info = await jsm.streams.info(f.stream);
    await jsm.streams.update(f.stream, { ...info.config, duplicate_window: nanos(1_000) });
    try {
      expect(await republish("reservation", since)).toBe(rows);
      await waitFor(async () => (await published()) === rows, { timeoutMs: 30_000, what: "the relay to republish again" });
    } finally {
      await jsm.streams.update(f.stream, { ...info.config });
    }
    const seqB = await lastSeq();
    expect(seqB - seqA).toBe(rows);
    await caughtUp();
    expect(await totals()).toEqual(before);
    expect(await effects(allBooked.ids, allBooked.rooms)).toEqual(expected);

    // c) Replay: mileage's and message's durable consumers recreated from the start of the stream.
    await Promise.all([f.system.stopProcess("mileage"), f.system.stopProcess("message")]);
    await Promise.all(["mileage", "message"].map((name) => jsm.consumers.delete(f.stream, name)));
    await Promise.all([f.system.startProcess("mileage"), f.system.startProcess("message")]);
    await caughtUp();
    const replayed = (await jsm.consumers.info(f.stream, "mileage")).delivered.consumer_seq;
    const replayedMessages = (await jsm.consumers.info(f.stream, "message")).delivered.consumer_seq;
    expect(await totals()).toEqual(before);
    expect(await effects(allBooked.ids, allBooked.rooms)).toEqual(expected);

    // d) Retention: published rows older than OUTBOX_RETENTION_HOURS (168) are deleted by the relay
    //    (at start, then hourly); younger and unpublished rows stay.
    await f.sql("reservation", "UPDATE outbox SET published_at = now() - interval '200 hours' WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT 50)");
    await f.sql("reservation", "UPDATE outbox SET published_at = now() - interval '100 hours' WHERE seq IN (SELECT seq FROM outbox ORDER BY seq OFFSET 50 LIMIT 50)");
    await f.system.stopProcess("reservation");
    await f.system.startProcess("reservation");
    await waitFor(async () => (await one("reservation", "SELECT count(*) FROM outbox")) === rows - 50, { timeoutMs: 15_000, what: "the purge" });
    expect(await one("reservation", "SELECT count(*) FROM outbox WHERE published_at < now() - interval '99 hours'")).toBe(50);

    report(
      "4. redelivery / replay / republish of applied events",
      "stream growth and effect counts (mileage entries, messages, stays, board, payments) after each; outbox purge",
      `republish ${rows} reservation events inside the window: stream +${seqA - seq0}; beyond it: stream +${seqB - seqA}, delivered again to 6 consumers; ` +
        `replay of mileage (${replayed} deliveries) and message (${replayedMessages}): effects unchanged (${before.mileage} entries, ${before.messages} messages, ${before.stays} stays, ${before.payments} payments, ${before.refunds} refunds); ` +
        `purge: 50 rows past 168 h deleted, 50 at 100 h kept`,
    );
  });

  it("7. dead-letters a malformed event and an unknown event type with a reason, and processes the next valid events", async () => {
    const { js, jsm } = await f.jet();
    const malformed = await js.publish(`${f.prefix}.payment.approved`, "{ this is not json", { msgID: randomUUID() });
    const unknown = await js.publish(`${f.prefix}.payment.teleported`, JSON.stringify({
      id: randomUUID(), type: "PaymentTeleported", version: 1, occurredAt: new Date().toISOString(), source: "payment",
      correlationId: randomUUID(), causationId: randomUUID(), data: { paymentId: randomUUID() },
    }), { msgID: randomUUID() });
    const rooms = await newRooms(1, "Poison room");
    const { ids } = await bookAll(3, rooms, 200);
    expect(ids).toHaveLength(3);
    await waitFor(async () => (await effects(ids, rooms)).earned === 3, { timeoutMs: 20_000, what: "the valid events after the poison ones" });
    const dlq = await waitFor(async () => {
      const parked = (await readStream(js, jsm, `${f.stream}_DLQ`)).filter((m) => m.subject === `dlq.${f.prefix}.mileage`);
      return parked.length >= 2 ? parked : undefined;
    }, { timeoutMs: 20_000, what: "two dead letters of mileage" });
    const bySeq = new Map(dlq.map((m) => [Number(m.headers["Dlq-Sequence"]), m.headers["Dlq-Reason"]]));
    expect(dlq).toHaveLength(2);
    expect(bySeq.get(malformed.seq)).toBe("not JSON");
    expect(bySeq.get(unknown.seq)).toBe("unknown event type PaymentTeleported");
    const others = (await readStream(js, jsm, `${f.stream}_DLQ`)).filter((m) => m.subject !== `dlq.${f.prefix}.mileage`).map((m) => m.subject.split(".").pop());
    await caughtUp();
    report(
      "7. a malformed event and an unknown event type on mileage's subjects",
      "dead letters on the DLQ stream with Dlq-Reason; later valid events applied",
      `mileage parked 2 (reasons "${bySeq.get(malformed.seq)}", "${bySeq.get(unknown.seq)}"); also parked by ${others.sort().join(", ")}; the 3 next bookings earned 3 entries; consumers caught up`,
    );
  });
});

/** Messages the server sent each connection named "mileage" (one per replica), by connection id. */
async function mileageConnections(): Promise<Map<number, number>> {
  const connz = (await (await fetch(`${f.nats.monitorUrl}/connz?limit=1000`)).json()) as { connections: Array<{ cid: number; name?: string; out_msgs: number }> };
  return new Map(connz.connections.filter((c) => c.name === "mileage").map((c) => [c.cid, c.out_msgs]));
}

/** `npm run outbox:republish -- <context> --since <time>` against this suite's databases; returns the rows marked. */
function republish(context: string, since: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "outbox:republish", "--", context, "--since", since], { env: f.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.once("exit", (code) => {
      const marked = /: (\d+) outbox rows/.exec(out);
      if (code === 0 && marked) resolve(Number(marked[1]));
      else reject(new Error(`outbox:republish failed (${code}): ${out}`));
    });
  });
}
