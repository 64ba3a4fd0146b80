import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actor, client, day, pool, report, startFaultSystem, waitFor, type FaultSystem } from "./support/fault-system.ts";

const BASE = 4500;
const A = BASE + 2; // reservation's own port
const B = BASE + 20; // the second replica
let f: FaultSystem;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  // The router knows both replicas of reservation; B is started below (until then A takes everything).
  f = await startFaultSystem("shutdown", BASE, () => ({
    RESERVATION_URL: `http://127.0.0.1:${A},http://127.0.0.1:${B}`,
    SHUTDOWN_DELAY_MS: "300",
  }));
  api = client(f.routerUrl);
  await f.system.startProcess("reservation", { port: B });
});

afterAll(async () => {
  await f?.dispose();
});

describe("graceful shutdown", () => {
  it("8. SIGTERM to a reservation replica under steady booking load, with a second replica serving: zero failed requests", async () => {
    const host = await actor(["host"]);
    const lanes = 8;
    const rooms = await pool(Array.from({ length: lanes }, (_, i) => i), 4, async (i) => (await api.registerRoom(host, { name: `Drain room ${i}` })).id);
    await waitFor(async () => Number((await f.sql<{ n: string }>("reservation", "SELECT count(*) n FROM room_replicas WHERE id = ANY($1::uuid[])", [rooms]))[0]!.n) === lanes, {
      what: "room replicas",
    });
    const guest = await actor(["guest"]);
    let stop = false;
    let sigtermAt = 0;
    let exitedAt = 0;
    const outcomes = { ok: 0, failed: [] as string[], afterExit: 0, duringDrain: 0 };
    const load = Promise.all(rooms.map(async (roomId) => {
      for (let n = 10; !stop; n++) {
        const response = await api.reserve({ guest, roomId, checkIn: day(n), checkOut: day(n + 1) });
        if (response.data?.reserveRoom?.status === "CONFIRMED") {
          outcomes.ok++;
          if (exitedAt) outcomes.afterExit++;
          else if (sigtermAt) outcomes.duringDrain++;
        } else {
          outcomes.failed.push(`${response.status} ${JSON.stringify(response.errors ?? response.data)}`);
        }
      }
    }));

    // Readiness of A, watched through the shutdown: 200, then 503, then nothing listening.
    const readiness: string[] = [];
    const watch = (async () => {
      while (!stop) {
        const state = await fetch(`http://127.0.0.1:${A}/readyz`).then((r) => String(r.status), () => "refused");
        if (readiness.at(-1) !== state) readiness.push(state);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    await waitFor(() => outcomes.ok >= 40, { timeoutMs: 30_000, what: "steady load" });
    const child = f.system.processes.get("reservation")!;
    sigtermAt = Date.now();
    await f.system.stopProcess("reservation", "SIGTERM");
    exitedAt = Date.now();
    const okAtExit = outcomes.ok;
    await waitFor(() => outcomes.ok >= okAtExit + 40, { timeoutMs: 30_000, what: "load served by the other replica" });
    stop = true;
    await Promise.all([load, watch]);

    expect(child.exitCode).toBe(0);
    expect(outcomes.failed).toEqual([]);
    expect(outcomes.afterExit).toBeGreaterThan(0);
    expect(readiness.slice(0, 3)).toEqual(["200", "503", "refused"]);
    report(
      "8. SIGTERM to reservation replica A under steady booking load (8 concurrent), replica B serving",
      "requests failed; bookings during drain / after exit; A's readiness sequence; A's stop time and exit code",
      `${outcomes.ok} bookings, ${outcomes.failed.length} failed; ${outcomes.duringDrain} completed while A drained, ${outcomes.afterExit} after A exited; ` +
        `A readiness ${readiness.join(" → ")}; A stopped in ${exitedAt - sigtermAt} ms (SHUTDOWN_DELAY_MS 300), exit ${child.exitCode}`,
    );
  });
});
