/**
 * Starts the bench system (the bench's ports, databases and stream) and keeps it
 * running, for profiling and repeated runs: `npx tsx bench/src/serve.ts`, then
 * `BENCH_ROUTER_URL=http://127.0.0.1:4700/graphql npm run bench`. Ctrl-C stops it.
 * `BENCH_PROFILE_ROUTER=/tmp/prof` profiles the router (see cpu-profile-hook.mjs).
 * Every process's log lines go to bench/results/serve.log.
 */
import { createWriteStream, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startSystem } from "@airbnb/scripts/system";
import { benchEnv } from "./env.ts";

const logFile = createWriteStream(fileURLToPath(new URL("../results/serve.log", import.meta.url)), { flags: "a" });
// BENCH_PROFILE_ROUTER=<dir>: the router runs under a CPU profiler and writes a .cpuprofile there when stopped.
const profileDir = process.env.BENCH_PROFILE_ROUTER;
const system = await startSystem({ env: benchEnv(), onLine: (name, line) => logFile.write(`${name}: ${line}\n`) });
if (profileDir) {
  await system.stopProcess("router");
  await system.startProcess("router", { env: { NODE_OPTIONS: `--import=${fileURLToPath(new URL("./cpu-profile-hook.mjs", import.meta.url))}`, BENCH_CPU_PROFILE_DIR: profileDir } });
}
writeFileSync(fileURLToPath(new URL("../results/serve-pids.json", import.meta.url)), JSON.stringify(Object.fromEntries([...system.processes].map(([name, child]) => [name, child.pid]))));
console.log(`ready: ${system.routerUrl}; pids ${[...system.processes].map(([name, child]) => `${name}=${child.pid}`).join(" ")}`);
const stop = async () => {
  await system.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
