import { connect } from "@nats-io/transport-node";
import { liveClient } from "@airbnb/testkit";
import type { Scenario } from "../bench.ts";
import { trackDelays } from "../delays.ts";
import { closePools, runAutocannon, type LoadResult } from "../load.ts";
import { log, loadAverage } from "../log.ts";
import { day, registerRooms, RESERVE_ROOM } from "../seed.ts";

/**
 * `reserveRoom` on distinct nights, saturating, then at half the rate it reached;
 * with `delay` (on unless `--only` leaves it out), bookings tracked from event to board and push.
 */
export const reserve: Scenario = {
  key: "reserve",
  async run(bench) {
    const { routerUrl, options, processes } = bench;
    const { host, guests } = bench.seed;
    const wantDelays = bench.wanted("delay");
    // Rooms registered before any load, so their events are not part of a measurement.
    const reserveRooms = await registerRooms(routerUrl, host, 200, "Load");
    const trackedRooms = wantDelays ? await registerRooms(routerUrl, host, options.tracked, "Tracked") : [];
    const steadyRooms = wantDelays ? await registerRooms(routerUrl, host, options.tracked, "Steady") : [];
    let booking = 0;
    const reserveRequest = (_: number) => {
      const i = booking++;
      // Each request its own room and night: none conflict.
      const roomId = reserveRooms[i % reserveRooms.length]!;
      const offset = 1 + Math.floor(i / reserveRooms.length);
      return {
        body: JSON.stringify({ query: RESERVE_ROOM, variables: { input: { roomId, checkIn: day(offset), checkOut: day(offset + 1), guests: 1 } } }),
        headers: { authorization: `Bearer ${guests[i % guests.length]!.token}` },
      };
    };
    const load = (durationSeconds: number, overallRate?: number) =>
      runAutocannon({ url: routerUrl, connections: options.connections, durationSeconds, request: reserveRequest, ...(overallRate ? { overallRate } : {}) });
    const measured = async (run: () => Promise<LoadResult>) => {
      const cpuBefore = processes.cpu();
      const result = await run();
      // Not less idle use: the tracked bookings and the consumers' work belong to this load.
      result.cpuMsPerRequest = processes.cpuPerRequest(cpuBefore, result.requests, result.durationSeconds);
      return result;
    };
    const nc = await connect({ servers: bench.env.NATS_URL ?? "nats://127.0.0.1:4222" });
    const trackedGuest = guests[guests.length - 1]!;
    log(`reserveRoom: warm-up ${options.warmupSeconds}s (load ${loadAverage().join(" ")})`);
    await load(options.warmupSeconds);
    log(`reserveRoom: measuring ${options.durationSeconds}s${wantDelays ? `, with ${trackedRooms.length} tracked bookings` : ""}`);
    // The router's memory with this many live subscribers (issue 21: < 200 MB with 1,000): the tracked
    // ones plus idle ones on the read rooms, which no booking touches, 50 per socket.
    const idle = Array.from({ length: Math.max(0, options.subscribers - trackedRooms.length) }, (_, i) => bench.seed.readRooms[i % bench.seed.readRooms.length]!);
    const idleClients = Array.from({ length: Math.ceil(idle.length / 50) }, () => liveClient(routerUrl, host.token));
    const idleSubs = idle.map((roomId, i) => idleClients[Math.floor(i / 50)]!.subscribe(`subscription($id: ID!) { roomChanged(roomId: $id) { id board { lastReservationId } } }`, { id: roomId }));
    let rssUnderWrites: Record<string, number> = {};
    const saturating = () => measured(async () => {
      const result = await load(options.durationSeconds);
      rssUnderWrites = processes.sampleRss(); // every subscriber still live
      return result;
    });
    const saturated = wantDelays ? await trackDelays(bench, nc, trackedRooms, trackedGuest, saturating) : { result: await saturating() };
    await Promise.all(idleClients.map((client) => client.dispose()));
    const { result } = saturated;
    log(`reserveRoom: cpu ms/request ${JSON.stringify(result.cpuMsPerRequest)}`);
    log(`reserveRoom: ${Math.round(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}${result.sampleErrors[0] ? ` e.g. ${result.sampleErrors[0]}` : ""}`);
    bench.record("reserve", "reserveRoom (distinct nights)", result, { note: "write path: payment + outbox" });
    Object.assign(bench.rssSteady, Object.fromEntries(Object.entries(rssUnderWrites).map(([k, v]) => [`${k} (under writes)`, v])));
    const live = idleSubs.length + trackedRooms.length;
    bench.extra("liveSubscribersUnderWrites", live);
    bench.target("router RSS < 200 MB under writes with 1,000 live subscribers", rssUnderWrites.router !== undefined && live >= 1000 ? rssUnderWrites.router < 200 : null);
    if ("board" in saturated) {
      // The same at a steady half of that throughput: what a booking waits for when the system keeps up.
      const rate = Math.max(1, Math.round(result.rps / 2));
      log(`reserveRoom at ${rate}/s (half the saturated rate): measuring ${options.durationSeconds}s with ${steadyRooms.length} tracked bookings`);
      const steady = await trackDelays(bench, nc, steadyRooms, trackedGuest, () => measured(() => load(options.durationSeconds, rate)));
      bench.record("reserveSteady", `reserveRoom at ${rate}/s (half of saturation)`, steady.result, { note: "same write path, steady rate" });
      bench.recordDelay("eventToBoard", "event → board row (saturating reserveRoom load)", saturated.board);
      bench.recordDelay("eventToPush", "event → roomChanged push (same)", saturated.push);
      bench.recordDelay("eventToBoardSteady", `event → board row (reserveRoom at ${rate}/s)`, steady.board);
      bench.recordDelay("eventToPushSteady", `event → roomChanged push (at ${rate}/s)`, steady.push);
    }
    await nc.close();
    await closePools();
  },
};
