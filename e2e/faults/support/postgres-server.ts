import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { waitFor } from "@airbnb/testkit";
import { startEmbeddedPostgres } from "../../../scripts/dev-services/postgres.ts";
import { alive } from "./fault-system.ts";

/** The launcher's embedded Postgres on a data directory and port of the test's own, so killing it touches no other suite. */
export interface TestPostgres {
  /** POSTGRES_URL for the system. */
  url: string;
  /** kill -9 of the postmaster (its backends notice and exit by themselves, as after a crash). */
  kill(): Promise<void>;
  /** Starts it again on the same data (crash recovery replays the WAL); resolves when it answers queries. */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startPostgres(port: number): Promise<TestPostgres> {
  // Postgres runs as the OS user postgres when the test runs as root: the folder must be reachable for it.
  const parent = mkdtempSync(path.join(tmpdir(), "faults-postgres-"));
  chmodSync(parent, 0o755);
  const dir = path.join(parent, "data");
  let running = await startEmbeddedPostgres(dir, port);
  let up = true;
  const postmaster = () => Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
  return {
    url: running.url,
    async kill() {
      const pid = postmaster();
      process.kill(pid, "SIGKILL");
      up = false;
      await waitFor(() => !alive(pid), { timeoutMs: 5_000, what: "the postmaster to die" });
    },
    async start() {
      // Until the orphaned backends have exited, their shared memory keeps a new postmaster from starting.
      running = await waitFor(() => startEmbeddedPostgres(dir, port), { timeoutMs: 20_000, intervalMs: 200, what: "Postgres to start after its crash" });
      up = true;
    },
    async dispose() {
      if (up) await running.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
