/**
 * `npm run bench [-- --quick] [-- --only=composed,hive,...] [-- --profile]`
 *
 * Starts the system on its own ports (router 4700, subgraphs 4701…, databases
 * `tbench_*`, stream T_BENCH) unless BENCH_ROUTER_URL points at a running one,
 * seeds data, and measures each scenario (see bench/README.md). Prints one
 * table, writes bench/results/latest.json and bench/results/chart.svg.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { contextUrl, databaseUrl, DEV_INTERNAL_SECRET, type ContextName } from "@airbnb/config";
import { dropDatabase } from "@airbnb/db";
import { liveClient, type LiveClient, type LiveSubscription } from "@airbnb/testkit";
import { BASE, benchEnv } from "./env.ts";
import { availableContexts, startSystem, type RunningSystem } from "../../scripts/system.ts";
import { startDevServices, type DevServices } from "../../scripts/dev-services/index.ts";
import { composeSupergraph, subgraphsToCompose } from "../../router/src/supergraph.ts";
import { closePools, percentile, postJson, postJson as postJsonOnce, runAutocannon, runClosedLoop, type LoadResult } from "./load.ts";
import { chart, table, type ScenarioRow } from "./report.ts";
import { actor, call, day, inParallel, registerRooms, reserve, writeReview, type Actor } from "./seed.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const resultsDir = path.join(root, "bench/results");
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const quick = flag("quick");
const only = option("only")?.split(",");
const wanted = (key: string) => !only || only.includes(key);
const DURATION = Number(option("duration") ?? (quick ? 5 : 20));
const WARMUP = quick ? 2 : 5;
const CONNECTIONS = Number(option("connections") ?? 50);
const TRACKED = Number(option("tracked") ?? 200);
const CATCH_UP_BOOKINGS = 200;
const HIVE_PORT = BASE + 10;

const log = (...parts: unknown[]) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load = () => os.loadavg().map((n) => Math.round(n * 100) / 100);

// ---------------------------------------------------------------- the system

const external = process.env.BENCH_ROUTER_URL;
// An external router on the bench's port is `bench/src/serve.ts`: the bench's environment; any other is `npm start`'s.
const env: NodeJS.ProcessEnv = !external || new URL(external).port === String(BASE) ? benchEnv() : { ...process.env };
const prefix = env.NATS_SUBJECT_PREFIX ?? "airbnb";
const streamName = env.NATS_STREAM ?? "AIRBNB";

async function resetState(): Promise<void> {
  await Promise.all(availableContexts().map((context) => dropDatabase(databaseUrl(context, env))));
  const nc = await connect({ servers: env.NATS_URL ?? "nats://127.0.0.1:4222" });
  const jsm = await jetstreamManager(nc);
  for (const stream of [streamName, `${streamName}_DLQ`]) await jsm.streams.delete(stream).catch(() => false);
  await nc.close();
}

let system: RunningSystem | undefined;
let services: DevServices | undefined;
let routerUrl = external ?? "";
const children = new Map<string, ChildProcess>();

/** The processes to watch: ours, or those bench/src/serve.ts started (it writes their pids). */
function pids(): Map<string, number> {
  const out = new Map<string, number>();
  if (external && !system) {
    try {
      for (const [name, pid] of Object.entries(JSON.parse(readFileSync(path.join(resultsDir, "serve-pids.json"), "utf8")))) out.set(name, Number(pid));
    } catch {}
  }
  for (const [name, child] of [...(system?.processes ?? new Map<string, ChildProcess>()), ...children]) {
    if (child.pid && child.exitCode === null && child.signalCode === null) out.set(name, child.pid);
  }
  return out;
}

function rssOf(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** RSS (MiB) of every process we started, now. */
function rssNow(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pid] of pids()) {
    const rss = rssOf(pid);
    if (rss !== undefined) out[name] = rss;
  }
  return out;
}
/** CPU seconds (user + system) every process we started has used so far. */
function cpuNow(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pid] of pids()) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      out[name] = (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {}
  }
  return out;
}
/** Each process's CPU use (seconds per second) with no load from us: timers, relays, consumers, heartbeats. */
async function idleCpuRate(ms = 1000): Promise<Record<string, number>> {
  const before = cpuNow();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuNow();
  const elapsed = (performance.now() - t0) / 1000;
  return Object.fromEntries(Object.entries(after).map(([name, seconds]) => [name, Math.max(0, (seconds - (before[name] ?? seconds)) / elapsed)]));
}
/**
 * CPU milliseconds per request of each process over a measurement, less its idle
 * use: where the work goes, a figure other load on the machine disturbs less than throughput.
 */
function cpuPerRequest(before: Record<string, number>, requests: number, seconds: number, idle: Record<string, number> = {}): Record<string, number> {
  const after = cpuNow();
  const out: Record<string, number> = {};
  for (const [name, total] of Object.entries(after)) {
    const used = total - (before[name] ?? total) - (idle[name] ?? 0) * seconds;
    if (used > 0.0005 * requests) out[name] = Math.round((used * 1000 * 100) / Math.max(1, requests)) / 100;
  }
  return out;
}
const rssPeak: Record<string, number> = {};
const sampleRss = () => {
  const now = rssNow();
  for (const [name, mb] of Object.entries(now)) rssPeak[name] = Math.max(rssPeak[name] ?? 0, mb);
  return now;
};

// ---------------------------------------------------------------- identities

const internalSecret = env.INTERNAL_SECRET ?? DEV_INTERNAL_SECRET;
/**
 * What the router would sign for this identity (see packages/identity InternalTokens),
 * but valid for hours rather than 60 s, so a fixed header can drive a whole run.
 */
async function internalToken(who: Actor, roles: string[]): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("router")
    .setAudience("airbnb-internal")
    .setSubject(who.id)
    .setIssuedAt()
    .setExpirationTime("6h")
    .sign(new TextEncoder().encode(internalSecret));
}

// ---------------------------------------------------------------- queries

const ROOM_QUERY = `query BenchRoom($id: ID!) {
  room(id: $id) {
    id name city pricePerNight capacity status
    reservations { id status amount checkIn checkOut payment { id status amount } mileage { points kind } }
    reviews(first: 5) { id rating comment }
    reviewCount averageRating
    board { lastReservationStatus lastPaymentStatus confirmedReservations mileagePointsIssued reviewCount updatedAt }
  }
}`;
const BOARD_QUERY = `query BenchBoard { roomBoard(first: 100) { roomId roomName roomStatus lastReservationStatus lastPaymentStatus confirmedReservations reviewCount averageRating mileagePointsIssued updatedAt } }`;

// The same data, fetched as the router's query plan fetches it, by the client.
const DIRECT = {
  room: `query($id: ID!) { room(id: $id) { __typename id name city pricePerNight capacity status } }`,
  reservations: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Room { reservations { __typename id status amount checkIn checkOut } } } }`,
  reviews: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Room { reviews(first: 5) { id rating comment } reviewCount averageRating } } }`,
  board: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Room { board { lastReservationStatus lastPaymentStatus confirmedReservations mileagePointsIssued reviewCount updatedAt } } } }`,
  payment: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Reservation { payment { id status amount } } } }`,
  mileage: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Reservation { mileage { points kind } } } }`,
};

// ---------------------------------------------------------------- Hive Gateway

/**
 * The gateways compared with the router live in bench/peers (they want Node 22, and
 * would warn on every `npm install`): installed from their own lockfile on first use.
 */
function installedPeer(file: string): string {
  const peers = path.join(root, "bench/peers");
  const target = path.join(peers, "node_modules", file);
  if (existsSync(target)) return target;
  log("installing the benchmark's peer gateways into bench/peers (once)");
  const install = spawnSync("npm", ["ci", "--prefix", peers, "--no-audit", "--no-fund", "--loglevel=error"], { stdio: "inherit" });
  if (install.status !== 0 || !existsSync(target)) throw new Error(`could not install bench/peers (npm ci --prefix bench/peers): exit ${install.status}`);
  return target;
}

async function startHive(token: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-hive-"));
  const { supergraphSdl } = composeSupergraph(subgraphsToCompose(env.SUBGRAPHS), env);
  const supergraphFile = path.join(dir, "supergraph.graphql");
  writeFileSync(supergraphFile, supergraphSdl);
  const configFile = path.join(dir, "gateway.config.mjs");
  // Subgraphs accept only the router-signed identity: Hive forwards a fixed, valid one.
  writeFileSync(
    configFile,
    `export const gatewayConfig = {
  logging: "error",
  propagateHeaders: { fromClientToSubgraphs: () => ({ "x-internal-identity": ${JSON.stringify(token)} }) },
};\n`,
  );
  const bin = installedPeer("@graphql-hive/gateway/dist/bin.js");
  const child = spawn(process.execPath, [bin, "supergraph", supergraphFile, "-c", configFile, "-p", String(HIVE_PORT), "-h", "127.0.0.1"], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr!.on("data", (chunk) => (output = (output + chunk).slice(-4000)));
  children.set("hive-gateway", child);
  const url = `http://127.0.0.1:${HIVE_PORT}/graphql`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hive-gateway exited: ${output}`);
    const ok = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) })
      .then((r) => r.ok, () => false);
    if (ok) return url;
    if (Date.now() > deadline) throw new Error(`hive-gateway not ready: ${output}`);
    await sleep(200);
  }
}

// ---------------------------------------------------------------- measurement helpers

async function measure(name: string, run: (seconds: number) => Promise<LoadResult>): Promise<LoadResult> {
  log(`${name}: warm-up ${WARMUP}s (load ${load().join(" ")})`);
  await run(WARMUP);
  log(`${name}: measuring ${DURATION}s`);
  const idle = await idleCpuRate();
  const cpuBefore = cpuNow();
  const result = await run(DURATION);
  result.cpuMsPerRequest = cpuPerRequest(cpuBefore, result.requests, result.durationSeconds, idle);
  log(`${name}: cpu ms/request ${JSON.stringify(result.cpuMsPerRequest)}`);
  log(`${name}: ${Math.round(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}${result.sampleErrors[0] ? ` e.g. ${result.sampleErrors[0]}` : ""}`);
  return result;
}

interface Tracked {
  roomId: string;
  reservationId?: string;
  occurredAt?: number;
  boardAt?: number;
  sub: LiveSubscription;
}

// ---------------------------------------------------------------- main

async function main() {
  const startedAt = new Date();
  const loadAtStart = load();
  log(`mode ${quick ? "quick" : "full"}, ${DURATION}s per scenario, ${CONNECTIONS} connections; load ${loadAtStart.join(" ")}`);
  if (!external) {
    // Postgres and NATS first (found or started), so the reset reaches the ones the system will use.
    services = await startDevServices(env, (line) => log(line));
    Object.assign(env, services.env);
    log("resetting bench databases and stream, starting the system");
    await resetState();
    system = await startSystem({
      env,
      onLine: (name, line) => {
        if (/"level":(50|60)/.test(line) || /^\s*(Error|TypeError)/.test(line)) console.error(`  ${name}: ${line.slice(0, 400)}`);
      },
    });
    routerUrl = system.routerUrl;
    // Only a stay that has begun may be reviewed: the seeded stays are 3–13 days ahead, so the
    // review context's clock runs 60 days ahead here (a system given in BENCH_ROUTER_URL needs the same).
    await system.stopProcess("review");
    await system.startProcess("review", { env: { CLOCK_OFFSET_DAYS: "60" } });
    if (flag("profile")) {
      const dir = path.join(resultsDir, "profiles");
      mkdirSync(dir, { recursive: true });
      log(`restarting the router with a CPU profiler (profiles in ${dir})`);
      await system.stopProcess("router");
      await system.startProcess("router", { env: { NODE_OPTIONS: `--import=${path.join(root, "bench/src/cpu-profile-hook.mjs")}`, BENCH_CPU_PROFILE_DIR: dir } });
    }
  }
  log(`router ${routerUrl}`);

  // -------------------------------------------------------------- seed
  const host = await actor(["host"], "bench-host");
  const guests = await Promise.all(Array.from({ length: 50 }, () => actor(["guest"], "bench-guest")));
  const hostInternal = await internalToken(host, ["host"]);
  log("seeding rooms");
  const readRooms = await registerRooms(routerUrl, host, 20, "Read");
  const reserveRooms = await registerRooms(routerUrl, host, 200, "Load");
  const trackedRooms = await registerRooms(routerUrl, host, TRACKED, "Tracked");
  const steadyRooms = await registerRooms(routerUrl, host, TRACKED, "Steady");
  const catchRooms = await registerRooms(routerUrl, host, 4, "CatchUp");
  log("seeding reservations and reviews");
  const PER_ROOM = 5;
  await inParallel(readRooms.length * PER_ROOM, 16, (i) => reserve(routerUrl, guests[i % PER_ROOM]!, readRooms[Math.floor(i / PER_ROOM)]!, 3 + (i % PER_ROOM) * 2, 2));
  await inParallel(readRooms.length * PER_ROOM, 16, (i) => writeReview(routerUrl, guests[i % PER_ROOM]!, readRooms[Math.floor(i / PER_ROOM)]!, 1 + (i % 5)));
  // The board is built from events: wait until every read room's row shows its reservations and reviews.
  for (const deadline = Date.now() + 60_000; ;) {
    const response = await call(routerUrl, undefined, `{ roomBoard(first: 1000) { roomId confirmedReservations reviewCount mileagePointsIssued } }`);
    const rows = new Map((response.data?.roomBoard ?? []).map((row: any) => [row.roomId, row]));
    const done = readRooms.every((id) => {
      const row: any = rows.get(id);
      return row && row.confirmedReservations === PER_ROOM && row.reviewCount === PER_ROOM && row.mileagePointsIssued > 0;
    });
    if (done) break;
    if (Date.now() > deadline) throw new Error("the board did not catch up with the seed data");
    await sleep(250);
  }
  const sample = await call(routerUrl, host, ROOM_QUERY, { id: readRooms[0] });
  if (sample.errors || sample.data?.room?.reservations?.length !== PER_ROOM || !sample.data.room.reservations[0].payment || !sample.data.room.reservations[0].mileage.length) {
    throw new Error(`the composed query is not complete: ${JSON.stringify(sample).slice(0, 600)}`);
  }
  log("seeded; a composed room is", JSON.stringify(sample.data).length, "bytes of JSON");

  const rows: ScenarioRow[] = [];
  const scenarios: Record<string, unknown> = {};
  const loadBefore: Record<string, number[]> = {};
  const record = (key: string, label: string, result: LoadResult, note?: string) => {
    rows.push({ key, label, result, note });
    scenarios[key] = { label, ...result, loadBefore: loadBefore[key] };
  };
  const roomRequest = (token: string | undefined) => (n: number) => ({
    body: JSON.stringify({ query: ROOM_QUERY, variables: { id: readRooms[n % readRooms.length] } }),
    headers: (token ? { authorization: `Bearer ${token}` } : {}) as Record<string, string>,
  });

  // -------------------------------------------------------------- 1. composed room(id) through the router
  if (wanted("composed")) {
    loadBefore.composed = load();
    record("composed", "room(id) composed · router", await measure("composed via router", (s) =>
      runAutocannon({ url: routerUrl, connections: CONNECTIONS, durationSeconds: s, request: roomRequest(host.token) })));
  }
  const rssSteady = sampleRss();

  // -------------------------------------------------------------- 6. the same through Hive Gateway
  if (wanted("hive")) {
    log("starting Hive Gateway");
    const hiveUrl = await startHive(hostInternal);
    const check = await call(hiveUrl, undefined, ROOM_QUERY, { id: readRooms[0] });
    if (check.errors) throw new Error(`Hive Gateway's answer has errors: ${JSON.stringify(check.errors).slice(0, 500)}`);
    if (JSON.stringify(check.data) !== JSON.stringify(sample.data)) log("note: Hive's answer differs from the router's (ordering?)");
    loadBefore.hive = load();
    record("hive", "room(id) composed · Hive Gateway", await measure("composed via Hive Gateway", (s) =>
      runAutocannon({ url: hiveUrl, connections: CONNECTIONS, durationSeconds: s, request: roomRequest(undefined) })));
    Object.assign(rssSteady, sampleRss());
    children.get("hive-gateway")?.kill("SIGTERM");
    children.delete("hive-gateway");
  }

  // -------------------------------------------------------------- 2. the same data straight from the subgraphs
  if (wanted("direct")) {
    const urlOf = (context: ContextName) => `${contextUrl(context, env).split(",")[0]}/graphql`;
    const headers = { "x-internal-identity": hostInternal };
    // Identical reads in flight at once share one fetch, as the router (and Hive) do: the same floor.
    const inFlight = new Map<string, Promise<any>>();
    const postJson = (url: string, body: unknown, h: Record<string, string>) => {
      const key = `${url}\n${JSON.stringify(body)}`;
      let shared = inFlight.get(key);
      if (!shared) {
        shared = postJsonOnce(url, body, h).finally(() => inFlight.delete(key));
        inFlight.set(key, shared);
      }
      return shared.then((answer) => structuredClone(answer));
    };
    let n = 0;
    const fetchRoom = async (): Promise<string | void> => {
      const id = readRooms[n++ % readRooms.length]!;
      const room = await postJson(urlOf("room"), { query: DIRECT.room, variables: { id } }, headers);
      if (room.errors) return JSON.stringify(room.errors);
      const representations = [{ __typename: "Room", id }];
      const [reservations, reviews, board] = await Promise.all([
        postJson(urlOf("reservation"), { query: DIRECT.reservations, variables: { representations } }, headers),
        postJson(urlOf("review"), { query: DIRECT.reviews, variables: { representations } }, headers),
        postJson(urlOf("viewpage"), { query: DIRECT.board, variables: { representations } }, headers),
      ]);
      const problem = reservations.errors ?? reviews.errors ?? board.errors;
      if (problem) return JSON.stringify(problem);
      const reps = (reservations.data._entities[0].reservations as Array<{ id: string }>).map((r) => ({ __typename: "Reservation", id: r.id }));
      const [payments, mileage] = await Promise.all([
        postJson(urlOf("payment"), { query: DIRECT.payment, variables: { representations: reps } }, headers),
        postJson(urlOf("mileage"), { query: DIRECT.mileage, variables: { representations: reps } }, headers),
      ]);
      if (payments.errors ?? mileage.errors) return JSON.stringify(payments.errors ?? mileage.errors);
    };
    loadBefore.direct = load();
    record("direct", "same data · subgraphs directly", await measure("direct to subgraphs", (s) => runClosedLoop(CONNECTIONS, s, fetchRoom)),
      "6 fetches in 3 steps, client-side, identical in-flight reads shared");
    await closePools();
  }

  // -------------------------------------------------------------- 3. roomBoard(first: 100)
  if (wanted("board")) {
    loadBefore.board = load();
    record("board", "roomBoard(first: 100)", await measure("roomBoard", (s) =>
      runAutocannon({ url: routerUrl, connections: CONNECTIONS, durationSeconds: s, request: () => ({ body: JSON.stringify({ query: BOARD_QUERY }) }) })));
  }

  // -------------------------------------------------------------- 4 + 5. reserveRoom under load, with tracked bookings
  let delays: Record<string, unknown> | undefined;
  if (wanted("reserve")) {
    let booking = 0;
    const reserveRequest = (_: number) => {
      const i = booking++;
      // Each request its own room and night: none conflict.
      const roomId = reserveRooms[i % reserveRooms.length]!;
      const offset = 1 + Math.floor(i / reserveRooms.length);
      return {
        body: JSON.stringify({ query: `mutation($input: ReserveRoomInput!) { reserveRoom(input: $input) { id status amount } }`, variables: { input: { roomId, checkIn: day(offset), checkOut: day(offset + 1), guests: 1 } } }),
        headers: { authorization: `Bearer ${guests[i % guests.length]!.token}` },
      };
    };
    const nc: NatsConnection = await connect({ servers: env.NATS_URL ?? "nats://127.0.0.1:4222" });
    const viewpageUrl = `${contextUrl("viewpage", env).split(",")[0]}/graphql`;
    const trackedGuest = guests[guests.length - 1]!;
    /**
     * Event-to-board and event-to-push while `runLoad` runs: each of `rooms` gets one booking,
     * spread over the run, watched through a roomChanged subscription and the board's notices.
     */
    const trackDelays = async (rooms: string[], runLoad: () => Promise<LoadResult>) => {
      const tracked = new Map<string, Tracked>();
      const clients: LiveClient[] = [];
      for (let c = 0; c * 50 < rooms.length; c++) clients.push(liveClient(routerUrl, host.token));
      rooms.forEach((roomId, i) => {
        const sub = clients[Math.floor(i / 50)]!.subscribe(`subscription($id: ID!) { roomChanged(roomId: $id) { id board { lastReservationId lastReservationStatus } } }`, { id: roomId });
        tracked.set(roomId, { roomId, sub });
      });
      const confirmed = nc.subscribe(`${prefix}.reservation.confirmed`, {
        callback: (_error, msg) => {
          const event = JSON.parse(msg.string());
          const entry = tracked.get(event.data.roomId);
          if (entry && !entry.reservationId) Object.assign(entry, { reservationId: event.data.reservationId, occurredAt: Date.parse(event.occurredAt) });
        },
      });
      // The board changed: read the row (directly from viewpage) to see whether it shows the booking yet.
      const boardChanged = nc.subscribe(`live.${prefix}.board.>`, {
        callback: (_error, msg) => {
          const at = Date.now();
          const { roomId } = JSON.parse(msg.string());
          const entry = tracked.get(roomId);
          if (!entry?.reservationId || entry.boardAt) return;
          void postJson(viewpageUrl, { query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Room { board { lastReservationId } } } }`, variables: { r: [{ __typename: "Room", id: roomId }] } }, { "x-internal-identity": hostInternal })
            .then((answer) => {
              if (answer.data?._entities?.[0]?.board?.lastReservationId === entry.reservationId && !entry.boardAt) entry.boardAt = at;
            }, () => {});
        },
      });
      await sleep(1500); // subscriptions registered before the first booking
      const spacing = (DURATION * 1000 * 0.9) / rooms.length;
      const trackedBookings = Promise.all(rooms.map(async (roomId, i) => {
        await sleep(i * spacing);
        await reserve(routerUrl, trackedGuest, roomId, 400).catch((error) => log(`tracked booking failed: ${error}`));
      }));
      const result = await runLoad();
      await trackedBookings;
      await sleep(3000); // the last pushes and board rows
      const board: number[] = [];
      const push: number[] = [];
      let missingBoard = 0;
      let missingPush = 0;
      for (const entry of tracked.values()) {
        if (!entry.occurredAt) {
          missingBoard++;
          missingPush++;
          continue;
        }
        if (entry.boardAt) board.push(Math.max(0, entry.boardAt - entry.occurredAt));
        else missingBoard++;
        const index = entry.sub.pushes.findIndex((p) => p.data?.roomChanged?.board?.lastReservationId === entry.reservationId);
        if (index >= 0) push.push(Math.max(0, entry.sub.receivedAt[index]! - entry.occurredAt));
        else missingPush++;
      }
      board.sort((a, b) => a - b);
      push.sort((a, b) => a - b);
      const summary = (values: number[], missing: number) => ({ p50: percentile(values, 50), p99: percentile(values, 99), max: values[values.length - 1] ?? Number.NaN, samples: tracked.size, missing });
      confirmed.unsubscribe();
      boardChanged.unsubscribe();
      await Promise.all(clients.map((client) => client.dispose()));
      return { result, board: summary(board, missingBoard), push: summary(push, missingPush) };
    };
    const saturating = () => runAutocannon({ url: routerUrl, connections: CONNECTIONS, durationSeconds: DURATION, request: reserveRequest });
    const measured = async (run: () => Promise<LoadResult>) => {
      const cpuBefore = cpuNow();
      const result = await run();
      // Not less idle use: the tracked bookings and the consumers' work belong to this load.
      result.cpuMsPerRequest = cpuPerRequest(cpuBefore, result.requests, result.durationSeconds);
      return result;
    };
    const wantDelays = wanted("delay");
    loadBefore.reserve = load();
    log(`reserveRoom: warm-up ${WARMUP}s (load ${load().join(" ")})`);
    await runAutocannon({ url: routerUrl, connections: CONNECTIONS, durationSeconds: WARMUP, request: reserveRequest });
    log(`reserveRoom: measuring ${DURATION}s${wantDelays ? `, with ${trackedRooms.length} tracked bookings` : ""}`);
    const saturated = wantDelays ? await trackDelays(trackedRooms, () => measured(saturating)) : { result: await measured(saturating) };
    const { result } = saturated;
    log(`reserveRoom: cpu ms/request ${JSON.stringify(result.cpuMsPerRequest)}`);
    log(`reserveRoom: ${Math.round(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}${result.sampleErrors[0] ? ` e.g. ${result.sampleErrors[0]}` : ""}`);
    record("reserve", "reserveRoom (distinct nights)", result, "write path: payment + outbox");
    Object.assign(rssSteady, Object.fromEntries(Object.entries(sampleRss()).map(([k, v]) => [`${k} (under writes)`, v])));
    if ("board" in saturated) {
      // The same at a steady half of that throughput: what a booking waits for when the system keeps up.
      const rate = Math.max(1, Math.round(result.rps / 2));
      log(`reserveRoom at ${rate}/s (half the saturated rate): measuring ${DURATION}s with ${steadyRooms.length} tracked bookings`);
      const steady = await trackDelays(steadyRooms, () => measured(() =>
        runAutocannon({ url: routerUrl, connections: CONNECTIONS, durationSeconds: DURATION, request: reserveRequest, overallRate: rate })));
      record("reserveSteady", `reserveRoom at ${rate}/s (half of saturation)`, steady.result, "same write path, steady rate");
      const delayRows = [
        ["eventToBoard", "event → board row (saturating reserveRoom load)", saturated.board],
        ["eventToPush", "event → roomChanged push (same)", saturated.push],
        ["eventToBoardSteady", `event → board row (reserveRoom at ${rate}/s)`, steady.board],
        ["eventToPushSteady", `event → roomChanged push (at ${rate}/s)`, steady.push],
      ] as const;
      for (const [key, label, delay] of delayRows) {
        rows.push({ key, label, delay, note: "missing / bookings" });
        scenarios[key] = delay;
        log(`${label}: p50 ${delay.p50} p99 ${delay.p99} (missing ${delay.missing})`);
      }
      delays = { eventToBoard: saturated.board, eventToPush: saturated.push, eventToBoardSteady: steady.board, eventToPushSteady: steady.push };
    }
    await nc.close();
    await closePools();
  }

  // -------------------------------------------------------------- 7. catch-up after an outage of the supporting contexts
  let catchUp: Record<string, unknown> | undefined;
  if (wanted("catchup") && system) {
    const supporting: ContextName[] = ["mileage", "message", "review", "viewpage"];
    log(`catch-up: stopping ${supporting.join(", ")}`);
    await Promise.all(supporting.map((name) => system!.stopProcess(name)));
    const guest = await actor(["guest"], "bench-catchup");
    const t0 = Date.now();
    const made = await inParallel(CATCH_UP_BOOKINGS, 20, (i) =>
      reserve(routerUrl, guest, catchRooms[i % catchRooms.length]!, 1 + Math.floor(i / catchRooms.length)));
    const bookingMs = Date.now() - t0;
    const expectedPoints = made.reduce((sum, r) => sum + Math.floor(r.amount / 100), 0);
    log(`catch-up: ${made.length} bookings in ${bookingMs} ms; starting the supporting contexts`);
    const restart = Date.now();
    await Promise.all(supporting.map((name) => system!.startProcess(name)));
    const readyMs = Date.now() - restart;
    const nc = await connect({ servers: env.NATS_URL ?? "nats://127.0.0.1:4222" });
    const jsm = await jetstreamManager(nc);
    let converged: number | undefined;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const [mileage, board, pending] = await Promise.all([
        call(routerUrl, guest, `{ myMileage { balance } }`),
        call(routerUrl, undefined, `{ roomBoard(first: 1000) { roomId confirmedReservations } }`),
        Promise.all(supporting.map((name) => jsm.consumers.info(streamName, name).then((info) => info.num_pending + info.num_ack_pending, () => -1))),
      ]);
      const confirmed = (board.data?.roomBoard ?? []).filter((row: any) => catchRooms.includes(row.roomId)).reduce((sum: number, row: any) => sum + row.confirmedReservations, 0);
      if (mileage.data?.myMileage?.balance === expectedPoints && confirmed === CATCH_UP_BOOKINGS && pending.every((n) => n === 0)) {
        converged = Date.now();
        break;
      }
      await sleep(50);
    }
    await nc.close();
    catchUp = {
      bookings: made.length,
      bookingMs,
      restartUntilReadyMs: readyMs,
      restartUntilConvergedMs: converged ? converged - restart : null,
      afterReadyMs: converged ? converged - restart - readyMs : null,
    };
    rows.push({ key: "catchUp", label: `catch-up: ${CATCH_UP_BOOKINGS} bookings while 4 contexts down`, note: converged ? `converged ${converged - restart} ms after restart (${readyMs} ms to ready)` : "did not converge in 120 s" });
    log("catch-up:", JSON.stringify(catchUp));
  }
  const rssEnd = sampleRss();

  // -------------------------------------------------------------- report
  const get = (key: string) => scenarios[key] as LoadResult | undefined;
  const ratios: Record<string, number | null> = {};
  const composed = get("composed");
  const direct = get("direct");
  const hive = get("hive");
  if (composed && direct) {
    ratios.routerOverDirect = composed.rps / direct.rps;
    ratios.routerOverhead = 1 - composed.rps / direct.rps;
  }
  if (composed?.cpuMsPerRequest?.router) {
    // The router's share of all the CPU a composed request costs: overhead that the machine's other load disturbs less.
    const cpu = composed.cpuMsPerRequest;
    const total = Object.values(cpu).reduce((sum, ms) => sum + ms, 0);
    ratios.routerCpuShare = cpu.router! / total;
  }
  if (composed && hive) {
    ratios.oursOverHive = composed.rps / hive.rps;
    const ourCpu = composed.cpuMsPerRequest?.router;
    const hiveCpu = hive.cpuMsPerRequest?.["hive-gateway"];
    if (ourCpu && hiveCpu) ratios.gatewayCpuHiveOverOurs = hiveCpu / ourCpu;
    ratios.p99OursOverHive = composed.p99 / hive.p99;
  }
  const reserveResult = get("reserve");
  const boardDelay = delays?.eventToBoard as { p99: number } | undefined;
  const steadyBoardDelay = delays?.eventToBoardSteady as { p99: number } | undefined;
  const maxRss = Math.max(0, ...Object.entries(rssSteady).filter(([name]) => !name.startsWith("hive-gateway")).map(([, mb]) => mb));
  const targets = {
    "room(id) >= 1.5x Hive at <= its p99": composed && hive ? composed.rps >= 1.5 * hive.rps && composed.p99 <= hive.p99 : null,
    "router overhead <= 25%": ratios.routerOverhead !== undefined ? (ratios.routerOverhead as number) <= 0.25 : null,
    "router CPU <= 25% of a composed request's CPU": ratios.routerCpuShare !== undefined ? (ratios.routerCpuShare as number) <= 0.25 : null,
    "reserveRoom >= 500/s, p99 < 100 ms, 0 errors": reserveResult ? reserveResult.rps >= 500 && reserveResult.p99 < 100 && reserveResult.errors === 0 : null,
    "event-to-board p99 < 200 ms": boardDelay ? boardDelay.p99 < 200 : null,
    "event-to-board p99 < 200 ms at half the saturated rate": steadyBoardDelay ? steadyBoardDelay.p99 < 200 : null,
    "RSS < 150 MB per process at steady state": Object.keys(rssSteady).length ? maxRss < 150 : null,
  };

  const versions: Record<string, string> = {};
  for (const pkg of ["@apollo/gateway", "@apollo/server", "@apollo/subgraph", "graphql", "@graphql-hive/gateway", "autocannon", "undici", "prisma", "pg", "@nats-io/jetstream"]) {
    try {
      versions[pkg] = JSON.parse(readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8")).version;
    } catch {}
  }
  const cpus = os.cpus();
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    settings: { durationSeconds: DURATION, warmupSeconds: WARMUP, connections: CONNECTIONS, trackedBookings: TRACKED, catchUpBookings: CATCH_UP_BOOKINGS, external: Boolean(external) },
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model,
      memoryMiB: Math.round(os.totalmem() / 1024 / 1024),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      loadAtStart,
      loadAtEnd: load(),
    },
    versions,
    scenarios,
    catchUp,
    ratios,
    targets,
    rssMiB: { steady: rssSteady, peak: rssPeak, end: rssEnd },
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, "latest.json"), JSON.stringify(report, null, 2) + "\n");
  const title = `npm run bench${quick ? " --quick" : ""} · ${cpus.length} cores · node ${process.version} · ${startedAt.toISOString().slice(0, 16)}Z · load ${loadAtStart[0]}`;
  if (!only) writeFileSync(path.join(resultsDir, "chart.svg"), chart(rows, title));

  const ratioLines = [
    ratios.oursOverHive !== undefined ? `ours / Hive Gateway: ${(ratios.oursOverHive as number).toFixed(2)}× throughput, p99 ${(composed!.p99).toFixed(1)} vs ${(hive!.p99).toFixed(1)} ms` : undefined,
    ratios.gatewayCpuHiveOverOurs !== undefined ? `gateway CPU per composed request: Hive ${hive!.cpuMsPerRequest!["hive-gateway"]} ms, ours ${composed!.cpuMsPerRequest!.router} ms (${(ratios.gatewayCpuHiveOverOurs as number).toFixed(2)}× less)` : undefined,
    ratios.routerCpuShare !== undefined ? `router's share of the CPU of a composed request: ${Math.round((ratios.routerCpuShare as number) * 100)} %` : undefined,
    ratios.routerOverhead !== undefined ? `router overhead vs direct: ${Math.round((ratios.routerOverhead as number) * 100)} %` : undefined,
    `RSS MiB (peak): ${Object.entries(rssPeak).map(([name, mb]) => `${name} ${mb}`).join(", ")}`,
    `load average at start ${loadAtStart.join(" ")}, at end ${load().join(" ")}`,
    ...Object.entries(targets).map(([name, ok]) => `target ${ok === null ? "–" : ok ? "met" : "MISSED"}: ${name}`),
  ].filter(Boolean);
  console.log(`\n${table(rows)}\n\n${ratioLines.join("\n")}\n\nwritten: bench/results/latest.json${only ? "" : ", bench/results/chart.svg"}`);
}

try {
  await main();
} finally {
  for (const child of children.values()) child.kill("SIGTERM");
  if (system) {
    log("stopping the system");
    await system.stop();
  }
  await services?.stop();
}
process.exit(0);
