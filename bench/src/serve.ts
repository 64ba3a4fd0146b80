/**
 * Starts the bench system (the bench's ports, databases and stream, reset as `npm run bench`
 * does) and keeps it running, for profiling and repeated runs: `npx tsx bench/src/serve.ts`, then
 * `BENCH_ROUTER_URL=http://127.0.0.1:4700/graphql npm run bench`. Ctrl-C stops it.
 * `BENCH_PROFILE_ROUTER=/tmp/prof` profiles the router (see cpu-profile-hook.mjs).
 * Every process's log lines go to bench/results/serve.log.
 */
import { createWriteStream, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchEnv } from "./env.ts";
import { startBenchSystem } from "./system.ts";

const logFile = createWriteStream(fileURLToPath(new URL("../results/serve.log", import.meta.url)), { flags: "a" });
const profileDir = process.env.BENCH_PROFILE_ROUTER;
const profiled = profileDir ? { processes: ["router"], profileDir } : undefined;
const { system, services } = await startBenchSystem(benchEnv(), profiled, (name, line) => logFile.write(`${name}: ${line}\n`));
writeFileSync(fileURLToPath(new URL("../results/serve-pids.json", import.meta.url)), JSON.stringify(Object.fromEntries([...system.processes].map(([name, child]) => [name, child.pid]))));
console.log(`ready: ${system.routerUrl}; pids ${[...system.processes].map(([name, child]) => `${name}=${child.pid}`).join(" ")}`);
const stop = async () => {
  await system.stop();
  await services.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
