import { setTimeout as sleep } from "node:timers/promises";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import type { ContextName } from "@airbnb/config";
import type { Scenario } from "../bench.ts";
import { log } from "../log.ts";
import { actor, call, inParallel, registerRooms, reserve } from "../seed.ts";

export const CATCH_UP_BOOKINGS = 200;
const SUPPORTING: ContextName[] = ["mileage", "message", "review", "viewpage"];

/**
 * Four contexts stopped, 200 bookings made, the contexts started again: the time until
 * the mileage balance, the board and every durable consumer agree. Needs a system the bench started.
 */
export const catchUp: Scenario = {
  key: "catchup",
  async run(bench) {
    const { system, routerUrl, env } = bench;
    if (!system) return;
    const rooms = await registerRooms(routerUrl, bench.seed.host, 4, "CatchUp");
    const nc = await connect({ servers: env.NATS_URL ?? "nats://127.0.0.1:4222" });
    const jsm = await jetstreamManager(nc);
    const streamName = env.NATS_STREAM ?? "AIRBNB";
    const backlog = () => Promise.all(SUPPORTING.map((name) => jsm.consumers.info(streamName, name).then((info) => info.num_pending + info.num_ack_pending, () => -1)));
    // From a quiet system: what the scenarios before left to apply is not this one's to catch up.
    const drainStarted = Date.now();
    while ((await backlog()).some((n) => n !== 0) && Date.now() - drainStarted < 120_000) await sleep(100);
    log(`catch-up: earlier scenarios' events applied after ${Date.now() - drainStarted} ms; stopping ${SUPPORTING.join(", ")}`);
    await Promise.all(SUPPORTING.map((name) => system.stopProcess(name)));
    const guest = await actor(["guest"], "bench-catchup");
    const t0 = Date.now();
    const made = await inParallel(CATCH_UP_BOOKINGS, 20, (i) => reserve(routerUrl, guest, rooms[i % rooms.length]!, 1 + Math.floor(i / rooms.length)));
    const bookingMs = Date.now() - t0;
    const expectedPoints = made.reduce((sum, r) => sum + Math.floor(r.amount / 100), 0);
    log(`catch-up: ${made.length} bookings in ${bookingMs} ms; starting the supporting contexts`);
    const restart = Date.now();
    await Promise.all(SUPPORTING.map((name) => system.startProcess(name)));
    const readyMs = Date.now() - restart;
    let converged: number | undefined;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const [mileage, board, pending] = await Promise.all([
        call(routerUrl, guest, `{ myMileage { balance } }`),
        call(routerUrl, undefined, `{ roomBoard(first: 1000) { roomId confirmedReservations } }`),
        backlog(),
      ]);
      const confirmed = (board.data?.roomBoard ?? []).filter((row: any) => rooms.includes(row.roomId)).reduce((sum: number, row: any) => sum + row.confirmedReservations, 0);
      if (mileage.data?.myMileage?.balance === expectedPoints && confirmed === CATCH_UP_BOOKINGS && pending.every((n) => n === 0)) {
        converged = Date.now();
        break;
      }
      await sleep(50);
    }
    await nc.close();
    const catchUp = {
      bookings: made.length,
      bookingMs,
      restartUntilReadyMs: readyMs,
      restartUntilConvergedMs: converged ? converged - restart : null,
      afterReadyMs: converged ? converged - restart - readyMs : null,
    };
    bench.extra("catchUp", catchUp);
    bench.note("catchUp", `catch-up: ${CATCH_UP_BOOKINGS} bookings while 4 contexts down`, converged ? `converged ${converged - restart} ms after restart (${readyMs} ms to ready)` : "did not converge in 120 s");
    log("catch-up:", JSON.stringify(catchUp));
  },
};
