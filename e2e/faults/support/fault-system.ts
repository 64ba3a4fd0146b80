import { appendFileSync } from "node:fs";
import pg from "pg";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { CONTEXTS, databaseUrl, pgConnectionFields, type ContextName } from "@airbnb/config";
import { dropDatabase } from "@airbnb/db";
import { natsServers } from "@airbnb/nats";
import { actor, bearer, day, gql, pool, testEnv, waitFor, type Actor, type GraphQLResponse, type LiveClient, type LiveSubscription } from "@airbnb/testkit";
import { formatLogLine } from "../../../scripts/log-format.ts";
import { availableContexts, startSystem, type RunningSystem } from "../../../scripts/system.ts";
import { startNats, type TestNats } from "./nats-server.ts";

/** What a fault system's events run on: one nats-server of its own (the default) or a cluster. */
export interface Broker {
  /** NATS_URL: one URL, or a cluster's, comma-separated. */
  url: string;
  dispose(): Promise<void>;
}

export interface FaultSystem<N extends Broker = TestNats> {
  system: RunningSystem;
  nats: N;
  env: NodeJS.ProcessEnv;
  routerUrl: string;
  /** A port of this suite's range that no process uses yet (for extra replicas). */
  sparePort(i: number): number;
  /** One SQL query on a context's database. */
  sql<T = Record<string, unknown>>(context: ContextName, text: string, params?: unknown[]): Promise<T[]>;
  /** A JetStream connection to this suite's broker (reconnecting), for reading the stream and publishing faults. */
  jet(): Promise<{ nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager }>;
  stream: string;
  prefix: string;
  dispose(): Promise<void>;
}

/**
 * The whole system on a nats-server of its own, own ports (`base`…`base+7`,
 * spares from `base+20`), own databases and stream, so faults stay inside this file.
 */
export async function startFaultSystem<N extends Broker = TestNats>(
  suite: string,
  base: number,
  extra: (nats: N) => Record<string, string> = () => ({}),
  broker: () => Promise<N> = startNats as unknown as () => Promise<N>,
): Promise<FaultSystem<N>> {
  const nats = await broker();
  const ports = Object.fromEntries((Object.keys(CONTEXTS) as ContextName[]).map((c) => [`${c.toUpperCase()}_PORT`, String(base + CONTEXTS[c] - 4000)]));
  const env = testEnv(`faults${suite}`, {
    ...ports,
    ROUTER_PORT: String(base),
    NATS_URL: nats.url,
    PAYMENT_BREAKER_HALF_OPEN_MS: "2000",
    // Postgres (max_connections 100) is shared with the other suites running on this machine.
    DATABASE_POOL_MAX: "4",
    ...extra(nats),
  });
  await Promise.all(availableContexts().map((context) => dropDatabase(databaseUrl(context, env))));
  const pools = new Map<ContextName, pg.Pool>();
  let jetstreamConnection: NatsConnection | undefined;
  let system: RunningSystem | undefined;
  const verbose = process.env.E2E_LOGS === "1";
  const dispose = async () => {
    await system?.stop().catch(() => undefined);
    await jetstreamConnection?.close().catch(() => undefined);
    await Promise.all([...pools.values()].map((pool) => pool.end().catch(() => undefined)));
    await nats.dispose();
  };
  try {
    system = await startSystem({
      env,
      onLine: (name, line) => {
        if (verbose || /"level":(50|60)/.test(line)) console.log(formatLogLine(name, line));
      },
    });
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    system,
    nats,
    env,
    routerUrl: system.routerUrl,
    sparePort: (i) => base + 20 + i,
    stream: env.NATS_STREAM!,
    prefix: env.NATS_SUBJECT_PREFIX!,
    async sql<T>(context: ContextName, text: string, params: unknown[] = []) {
      let pool = pools.get(context);
      if (!pool) {
        pools.set(context, (pool = new pg.Pool({ ...pgConnectionFields(databaseUrl(context, env)), max: 2 })));
        // An idle connection broken by a database fault is dropped; unhandled, it would end the test run.
        pool.on("error", () => undefined);
      }
      return (await pool.query(text, params)).rows as T[];
    },
    async jet() {
      jetstreamConnection ??= await connect({ servers: natsServers(nats.url), maxReconnectAttempts: -1, reconnectTimeWait: 250, waitOnFirstConnect: true });
      return { nc: jetstreamConnection, js: jetstream(jetstreamConnection), jsm: await jetstreamManager(jetstreamConnection) };
    },
    dispose,
  };
}

export { actor, day, type Actor };

export const RESERVE_ROOM = `mutation($input: ReserveRoomInput!) { reserveRoom(input: $input) { id roomId guestId status amount } }`;

export interface Booking {
  guest: Actor;
  roomId: string;
  checkIn: string;
  checkOut: string;
}

/** The GraphQL calls a fault test makes, through the router of its own system. */
export function client(routerUrl: string) {
  const call = <T = Record<string, any>>(who: Actor | undefined, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    gql<T>(routerUrl, query, variables, bearer(who?.token));
  return {
    call,
    async registerRoom(host: Actor, input: Record<string, unknown> = {}) {
      const response = await call(host, `mutation($input: RegisterRoomInput!) { registerRoom(input: $input) { id pricePerNight } }`, {
        input: { name: "Fault Hanok", description: "A room for fault tests", city: "Seoul", pricePerNight: 10_000, capacity: 2, ...input },
      });
      if (!response.data?.registerRoom) throw new Error(`registerRoom failed: ${JSON.stringify(response.errors)}`);
      return response.data.registerRoom as { id: string; pricePerNight: number };
    },
    reserve(booking: Booking) {
      const { guest, ...input } = booking;
      return call(guest, RESERVE_ROOM, { input: { guests: 1, ...input } });
    },
  };
}

/**
 * `count` one-night bookings spread over `rooms` (no two on one night of one
 * room) and `guests`, in booking order.
 */
export function plan(count: number, rooms: string[], guests: Actor[], firstDay = 10): Booking[] {
  return Array.from({ length: count }, (_, i) => ({
    guest: guests[i % guests.length]!,
    roomId: rooms[i % rooms.length]!,
    checkIn: day(firstDay + Math.floor(i / rooms.length)),
    checkOut: day(firstDay + Math.floor(i / rooms.length) + 1),
  }));
}

/** Prints one result line for the closing note and keeps it in test-results/faults-report.txt. */
/** The middle of some measurements (ms), for FAULT RESULT lines and their bounds. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function report(fault: string, measured: string, result: string): void {
  const line = `FAULT RESULT | ${fault} | ${measured} | ${result}`;
  console.log(line);
  try {
    appendFileSync(new URL("../../../test-results/faults-report.txt", import.meta.url), `${new Date().toISOString()} ${line}\n`);
  } catch {
    // test-results/ may not exist outside `npm test`
  }
}

/** True once every named durable consumer has delivered and had acknowledged everything. */
export async function consumersCaughtUp(jsm: JetStreamManager, stream: string, consumers: string[]): Promise<boolean> {
  for (const name of consumers) {
    const info = await jsm.consumers.info(stream, name);
    if (info.num_pending !== 0 || info.num_ack_pending !== 0) {
      // Thrown rather than returned, so a wait that times out names the consumer that lags.
      throw new Error(`${name}: ${info.num_pending} pending, ${info.num_ack_pending} awaiting ack, ${info.num_redelivered} redelivered`);
    }
  }
  return true;
}

/** The graphql-ws subscriptions a router on `port` holds now (its /metrics). */
export async function subscriptionsOn(port: number): Promise<number> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => "");
  const line = text.split("\n").find((l) => l.startsWith("graphql_subscriptions{"));
  return Number(line?.split(" ").pop() ?? 0);
}

/** One subscription on each client; `errors` collects every error that ends one. */
export function subscribeAll(clients: LiveClient[], query: string, variables: Record<string, unknown>): { lives: LiveSubscription[]; errors: unknown[] } {
  const errors: unknown[] = [];
  const lives = clients.map((c) => {
    const live = c.subscribe(query, variables);
    void live.failed.then((error) => errors.push(error));
    return live;
  });
  return { lives, errors };
}

/** Whether a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `count` rooms of one host, once reservation's replica has them all (it is fed by events; bookings need them there). */
export async function registeredRooms(f: FaultSystem<Broker>, host: Actor, count: number, name: string): Promise<string[]> {
  const api = client(f.routerUrl);
  const rooms = await pool(Array.from({ length: count }, (_, i) => i), 4, async (i) => (await api.registerRoom(host, { name: `${name} ${i}` })).id);
  await waitFor(async () => Number((await f.sql<{ n: string }>("reservation", "SELECT count(*) n FROM room_replicas WHERE id = ANY($1::uuid[])", [rooms]))[0]!.n) === count, {
    timeoutMs: 20_000, what: "room replicas",
  });
  return rooms;
}

export { waitFor };
export { pool } from "@airbnb/testkit";
