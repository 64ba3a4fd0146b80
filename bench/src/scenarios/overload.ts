import { setTimeout as sleep } from "node:timers/promises";
import { Pool } from "undici";
import type { Scenario } from "../bench.ts";
import { percentile, type LoadResult } from "../load.ts";
import { log } from "../log.ts";
import { day, registerRooms, RESERVE_ROOM, type Actor } from "../seed.ts";

const USERS = 1000;

interface Spike extends LoadResult {
  confirmed: number;
  confirmedPerSecond: number;
  /** Answered OVERLOADED with retryAfterSeconds. */
  refused: number;
  refusalP50: number;
  refusalP99: number;
  retryAfterSeconds: { min: number; max: number };
  /** `{ __typename }` through the router meanwhile, which it answers itself: no answer can come sooner. */
  probeP50: number;
  probeP99: number;
}

/**
 * 1,000 guests booking at once, each in a loop for the duration: a fresh night
 * after each answer, and after an OVERLOADED answer only once `retryAfterSeconds`
 * have passed (up to a quarter later, as a well-behaved client spreads its returns).
 * Any answer but CONFIRMED and OVERLOADED-with-retryAfterSeconds is an error.
 */
async function spike(url: string, rooms: string[], guests: Actor[], firstNight: number, seconds: number): Promise<Spike> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: USERS + 1, pipelining: 1 });
  const latencies: number[] = [];
  const refusals: number[] = [];
  const retryAfter: number[] = [];
  const sampleErrors: string[] = [];
  let confirmed = 0;
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const attempt = async (): Promise<number> => {
    const i = next++;
    const offset = firstNight + Math.floor(i / rooms.length);
    const t0 = performance.now();
    const body: any = await pool
      .request({
        method: "POST",
        path: target.pathname,
        headers: { "content-type": "application/json", authorization: `Bearer ${guests[i % guests.length]!.token}` },
        body: JSON.stringify({ query: RESERVE_ROOM, variables: { input: { roomId: rooms[i % rooms.length], checkIn: day(offset), checkOut: day(offset + 1), guests: 1 } } }),
      })
      .then((response) => response.body.json(), (error: Error) => ({ transport: error.message }));
    const ms = performance.now() - t0;
    latencies.push(ms);
    if (body?.data?.reserveRoom?.status === "CONFIRMED") return void confirmed++, 0;
    const extensions = body?.errors?.[0]?.extensions;
    if (extensions?.code === "OVERLOADED" && typeof extensions.retryAfterSeconds === "number") {
      refusals.push(ms);
      retryAfter.push(extensions.retryAfterSeconds);
      return extensions.retryAfterSeconds * 1000;
    }
    errors++;
    if (sampleErrors.length < 3) sampleErrors.push(JSON.stringify(body).slice(0, 300));
    return 0;
  };
  const guest = async () => {
    while (performance.now() < deadline) {
      const backOff = await attempt();
      if (backOff > 0) await sleep(Math.min(backOff * (1 + Math.random() / 4), Math.max(0, deadline - performance.now())));
    }
  };
  // One more caller, asking the router for nothing every 50 ms: the wait any answer has under this load.
  const probes: number[] = [];
  const probe = async () => {
    for (; performance.now() < deadline; await sleep(50)) {
      const t0 = performance.now();
      await pool.request({ method: "POST", path: target.pathname, headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) })
        .then((response) => response.body.text(), () => "");
      probes.push(performance.now() - t0);
    }
  };
  await Promise.all([probe(), ...Array.from({ length: USERS }, guest)]);
  const durationSeconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  refusals.sort((a, b) => a - b);
  probes.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    requests: latencies.length,
    durationSeconds,
    rps: latencies.length / durationSeconds,
    p50: round(percentile(latencies, 50)),
    p90: round(percentile(latencies, 90)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? Number.NaN),
    errors,
    sampleErrors,
    confirmed,
    confirmedPerSecond: confirmed / durationSeconds,
    refused: refusals.length,
    refusalP50: round(percentile(refusals, 50)),
    refusalP99: round(percentile(refusals, 99)),
    retryAfterSeconds: { min: Math.min(...retryAfter), max: Math.max(...retryAfter) },
    probeP50: round(percentile(probes, 50)),
    probeP99: round(percentile(probes, 99)),
  };
}

/**
 * Admission control under a spike: the same 1,000 guests with the bounds lifted
 * (reservation's and the router's on writes: every booking admitted, the saturated
 * rate without the limit) and with the configured ones. Lifting them needs a system
 * the bench started.
 */
export const overload: Scenario = {
  key: "overload",
  async run(bench) {
    const { system, routerUrl, processes, options } = bench;
    const rooms = await registerRooms(routerUrl, bench.seed.host, 200, "Overload");
    const guests = bench.seed.guests;
    const measured = async (label: string, firstNight: number) => {
      log(`overload: ${USERS} guests at once, ${label}, ${options.durationSeconds}s`);
      const before = processes.cpu();
      const result = await spike(routerUrl, rooms, guests, firstNight, options.durationSeconds);
      result.cpuMsPerRequest = processes.cpuPerRequest(before, result.requests, result.durationSeconds);
      const { sampleErrors, ...figures } = result;
      log(`overload (${label}): ${JSON.stringify(figures)}${sampleErrors[0] ? ` e.g. ${sampleErrors[0]}` : ""}`);
      return result;
    };
    const note = (r: Spike) =>
      `${Math.round(r.confirmedPerSecond)} confirmed/s; ${r.refused} OVERLOADED (p50 ${r.refusalP50} ms, p99 ${r.refusalP99} ms, retryAfter ${r.retryAfterSeconds.min}–${r.retryAfterSeconds.max} s); \`{ __typename }\` meanwhile p50 ${r.probeP50} ms, p99 ${r.probeP99} ms`;
    let unbounded: Spike | undefined;
    if (system) {
      // Reservation's bounds and the router's on writes to a subgraph, both lifted (the router's connections still bound what is sent at once).
      const restart = async (lifted: boolean) => {
        for (const name of ["reservation", "router"]) await system.stopProcess(name);
        // The router first: a subgraph is ready once the router answers too.
        await system.startProcess("router", lifted ? { env: { SUBGRAPH_WRITES_IN_FLIGHT: String(10 * USERS) } } : {});
        await system.startProcess("reservation", lifted ? { env: { BOOKING_MAX_IN_FLIGHT: String(10 * USERS), BOOKING_MAX_QUEUE: "0" } } : {});
      };
      await restart(true);
      unbounded = await measured("bounds lifted", 1);
      bench.record("overloadUnbounded", `reserveRoom, ${USERS} guests at once · no admission control`, unbounded, { note: `${Math.round(unbounded.confirmedPerSecond)} confirmed/s` });
      await restart(false);
    }
    const bounded = await measured("admission control", 150);
    bench.record("overload", `reserveRoom, ${USERS} guests at once · admission control`, bounded, { note: note(bounded) });
    bench.extra("overload", { bounded, unbounded });
    const asFast = !unbounded || bounded.confirmedPerSecond >= unbounded.confirmedPerSecond;
    bench.target(
      "overload: every answer p99 <= 1.5 s, refusals p99 <= 100 ms, confirmed/s >= without the limit, 0 other errors",
      bounded.p99 <= 1500 && (bounded.refused === 0 || bounded.refusalP99 <= 100) && bounded.errors === 0 && asFast,
    );
  },
};
