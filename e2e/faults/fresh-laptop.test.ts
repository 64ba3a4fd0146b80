import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CONTEXTS, type ContextName } from "@airbnb/config";
import { testEnv } from "@airbnb/testkit";
import { startSystem } from "../../scripts/system.ts";
import { actor, alive, client, day, waitFor, type Actor } from "./support/fault-system.ts";

// `npm start` on a laptop with neither a Postgres nor a NATS server: the default
// addresses point at a closed port, so the launcher runs an embedded Postgres and
// the local nats-server, each with its data in a folder of the test's own.

const root = fileURLToPath(new URL("../..", import.meta.url));
const CLOSED = "127.0.0.1:1";
const dataDirs: string[] = [];
afterAll(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function laptopEnv(suite: string, base: number): NodeJS.ProcessEnv {
  const dataDir = mkdtempSync(path.join(tmpdir(), `fresh-laptop-${suite}-`));
  // The embedded Postgres runs as the OS user postgres when the tests run as root: it must reach its folder.
  chmodSync(dataDir, 0o755);
  dataDirs.push(dataDir);
  const ports = Object.fromEntries((Object.keys(CONTEXTS) as ContextName[]).map((c) => [`${c.toUpperCase()}_PORT`, String(base + CONTEXTS[c] - 4000)]));
  const named = Object.keys(process.env).filter((name) => name === "POSTGRES_URL" || name === "NATS_URL" || name.endsWith("_DATABASE_URL"));
  return testEnv(`laptop${suite}`, {
    ...ports,
    ROUTER_PORT: String(base),
    DEV_POSTGRES_PROBE_URL: `postgresql://postgres@${CLOSED}`,
    DEV_NATS_PROBE_URL: `nats://${CLOSED}`,
    DEV_DATA_DIR: dataDir,
    DEV_POSTGRES_PORT: String(base + 10),
    DEV_NATS_PORT: String(base + 11),
    ...Object.fromEntries(named.map((name) => [name, ""])),
  });
}

async function book(routerUrl: string): Promise<{ guest: Actor; reservationId: string }> {
  const api = client(routerUrl);
  const room = await api.registerRoom(await actor(["host"]), { name: "Laptop Hanok" });
  const guest = await actor(["guest"]);
  // The room reaches the reservation context as an event; until then it is unknown there.
  const reservation = await waitFor(async () => (await api.reserve({ guest, roomId: room.id, checkIn: day(3), checkOut: day(5) })).data?.reserveRoom, {
    what: "a reservation",
  });
  return { guest, reservationId: reservation.id };
}

const reservationOf = (routerUrl: string, guest: Actor, id: string) =>
  client(routerUrl).call(guest, `query($id: ID!) { reservation(id: $id) { id status checkIn room { name } } }`, { id });

describe("npm start without a Postgres or NATS server", () => {
  it("runs on an embedded Postgres and a nats-server it started, and a booking survives a restart", async () => {
    const env = laptopEnv("restart", 4330);
    const dependencies: string[] = [];
    const first = await startSystem({ env, onDependency: (line) => dependencies.push(line) });
    let booked: Awaited<ReturnType<typeof book>>;
    try {
      expect(dependencies).toEqual([`Postgres: embedded, ${env.DEV_DATA_DIR}/postgres, port 4340`, expect.stringMatching(/^NATS: nats-server \(.+\), .+\/nats, port 4341$/)]);
      booked = await book(first.routerUrl);
    } finally {
      await first.stop();
    }
    const second = await startSystem({ env });
    try {
      const found = await reservationOf(second.routerUrl, booked.guest, booked.reservationId);
      expect(found.data?.reservation).toMatchObject({ id: booked.reservationId, checkIn: day(3), room: { name: "Laptop Hanok" } });
    } finally {
      await second.stop();
    }
  });
});

/** `npm start` as a terminal runs it: its own process group, which Ctrl-C signals as a whole. */
function launch(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = waitFor(() => /Ready in/.test(output) || child.exitCode !== null, { timeoutMs: 120_000, intervalMs: 100, what: "npm start to be ready" }).then(() => {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
  });
  return { child, ready, exited, output: () => output };
}

/** Every process below `pid` now (subgraphs, router, Postgres with its backends, nats-server). */
function descendants(pid: number): number[] {
  const rows = spawnSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
    .stdout.trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  for (let frontier = [pid]; frontier.length; ) {
    frontier = rows.filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    found.push(...frontier);
  }
  return found;
}


const serves = async (routerUrl: string) => (await client(routerUrl).call(undefined, "{ __typename }")).data?.__typename === "Query";

describe("the launcher's processes", () => {
  it("Ctrl-C leaves none behind, and a start after kill -9 of the launcher works and stops cleanly", async () => {
    const env = laptopEnv("signals", 4360);
    const routerUrl = "http://127.0.0.1:4360/graphql";

    const first = launch(env);
    await first.ready;
    expect(first.output()).toMatch(/^Postgres: embedded, .+, port 4370$/m);
    expect(first.output()).toMatch(/^NATS: nats-server \(.+\), .+, port 4371$/m);
    const firstTree = descendants(first.child.pid!);
    expect(firstTree.length).toBeGreaterThanOrEqual(Object.keys(CONTEXTS).length + 3);
    process.kill(-first.child.pid!, "SIGINT");
    expect(await first.exited).toBe(0);
    await waitFor(() => firstTree.every((pid) => !alive(pid)), { timeoutMs: 15_000, what: "every process of the first start to exit" });

    const killed = launch(env);
    await killed.ready;
    const killedTree = descendants(killed.child.pid!);
    killed.child.kill("SIGKILL");
    await killed.exited;

    const again = launch(env);
    try {
      await again.ready;
      expect(await serves(routerUrl)).toBe(true);
      expect(killedTree.filter(alive)).toEqual([]);
      const againTree = descendants(again.child.pid!);
      again.child.kill("SIGTERM");
      expect(await again.exited).toBe(0);
      await waitFor(() => againTree.every((pid) => !alive(pid)), { timeoutMs: 15_000, what: "every process of the last start to exit" });
    } finally {
      if (again.child.exitCode === null) process.kill(-again.child.pid!, "SIGKILL");
    }
  }, 400_000);
});
