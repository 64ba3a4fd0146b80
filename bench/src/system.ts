import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { databaseUrl } from "@airbnb/config";
import { dropDatabase } from "@airbnb/db";
import { startDevServices, type DevServices } from "@airbnb/scripts/dev-services";
import { availableContexts, startSystem, type RunningSystem } from "@airbnb/scripts/system";
import { log } from "./log.ts";

const profileHook = fileURLToPath(new URL("./cpu-profile-hook.mjs", import.meta.url));

function printErrors(name: string, line: string): void {
  if (/"level":(50|60)/.test(line) || /^\s*(Error|TypeError)/.test(line)) console.error(`  ${name}: ${line.slice(0, 400)}`);
}

async function resetState(env: NodeJS.ProcessEnv): Promise<void> {
  await Promise.all(availableContexts().map((context) => dropDatabase(databaseUrl(context, env))));
  const nc = await connect({ servers: env.NATS_URL ?? "nats://127.0.0.1:4222" });
  const jsm = await jetstreamManager(nc);
  const streamName = env.NATS_STREAM ?? "AIRBNB";
  for (const stream of [streamName, `${streamName}_DLQ`]) await jsm.streams.delete(stream).catch(() => false);
  await nc.close();
}

/**
 * The bench's own system from scratch: Postgres and NATS (found or started), its
 * databases and stream dropped, every process started; the processes `profiled`
 * names run under a CPU profiler that writes to `profileDir` when they stop.
 */
export async function startBenchSystem(
  env: NodeJS.ProcessEnv,
  profiled: { processes: readonly string[]; profileDir: string } = { processes: [], profileDir: "" },
  onLine: (name: string, line: string) => void = printErrors,
): Promise<{ system: RunningSystem; services: DevServices }> {
  // Postgres and NATS first, so the reset reaches the ones the system will use.
  const services = await startDevServices(env, (line) => log(line));
  Object.assign(env, services.env);
  log("resetting bench databases and stream, starting the system");
  await resetState(env);
  const system = await startSystem({ env, onLine });
  // Only a stay that has begun may be reviewed: the seeded stays are 3–13 days ahead, so the
  // review context's clock runs 60 days ahead here (a system given in BENCH_ROUTER_URL needs the same).
  const { processes, profileDir } = profiled;
  const profiler = { NODE_OPTIONS: `--import=${profileHook}`, BENCH_CPU_PROFILE_DIR: profileDir };
  if (processes.length > 0) {
    mkdirSync(profileDir, { recursive: true });
    log(`restarting ${processes.join(", ")} with a CPU profiler (profiles in ${profileDir})`);
  }
  for (const name of new Set(["review", ...processes])) {
    await system.stopProcess(name);
    await system.startProcess(name, {
      env: { ...(name === "review" ? { CLOCK_OFFSET_DAYS: "60" } : {}), ...(processes.includes(name) ? profiler : {}) },
    });
  }
  return { system, services };
}
