/**
 * `npm run bench [-- --quick] [-- --only=composed,hive,...] [-- --profile]`
 *
 * Starts the system on its own ports (router 4700, subgraphs 4701…, databases
 * `tbench_*`, stream T_BENCH) unless BENCH_ROUTER_URL points at a running one,
 * seeds the read rooms, and runs each scenario of scenarios/index.ts (see
 * bench/README.md). Prints one table, writes bench/results/latest.json and chart.svg.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DevServices } from "@airbnb/scripts/dev-services";
import { createBench, type Findings } from "./bench.ts";
import { BASE, benchEnv } from "./env.ts";
import { loadAverage, log } from "./log.ts";
import { options } from "./options.ts";
import { Processes } from "./processes.ts";
import { chart, table } from "./report.ts";
import { CATCH_UP_BOOKINGS } from "./scenarios/catch-up.ts";
import { scenarios } from "./scenarios/index.ts";
import { seedReadRooms } from "./seed.ts";
import { summarise } from "./summary.ts";
import { startBenchSystem } from "./system.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const resultsDir = path.join(root, "bench/results");
const { quick, only } = options;

const external = process.env.BENCH_ROUTER_URL;
// An external router on the bench's port is `bench/src/serve.ts`: the bench's environment (and it lists its pids); any other is `npm start`'s.
const servedByBench = !external || new URL(external).port === String(BASE);
const env: NodeJS.ProcessEnv = servedByBench ? benchEnv() : { ...process.env };
const processes = new Processes(external ? path.join(resultsDir, "serve-pids.json") : undefined);
let services: DevServices | undefined;

/** Versions of the packages that matter, ours and the peers'. */
function versions(): Record<string, string> {
  const out: Record<string, string> = {};
  const packages = ["@apollo/gateway", "@apollo/server", "@apollo/subgraph", "graphql", "@graphql-hive/gateway", "@graphql-hive/router-runtime", "@graphql-hive/router-query-planner", "grafbase", "autocannon", "undici", "prisma", "pg", "@nats-io/jetstream"];
  for (const pkg of packages) {
    for (const dir of ["node_modules", "bench/peers/node_modules"]) {
      try {
        out[pkg] ??= JSON.parse(readFileSync(path.join(root, dir, pkg, "package.json"), "utf8")).version;
      } catch {}
    }
  }
  return out;
}

async function main() {
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  log(`mode ${quick ? "quick" : "full"}, ${options.durationSeconds}s per scenario, ${options.connections} connections; load ${loadAtStart.join(" ")}`);
  let routerUrl = external ?? "";
  if (!external) {
    const started = await startBenchSystem(env, { processes: options.profile, profileDir: path.join(resultsDir, "profiles") });
    ({ services } = started);
    processes.system = started.system;
    routerUrl = started.system.routerUrl;
  }
  log(`router ${routerUrl}`);
  const seed = await seedReadRooms(routerUrl, env, (line) => log(line));

  const findings: Findings = { rows: [], scenarios: {}, extras: {}, targets: {}, rssSteady: {} };
  const { bench, run } = createBench({ options, env, routerUrl, system: processes.system, processes, seed }, findings);
  for (const scenario of scenarios) if (bench.wanted(scenario.key)) await run(scenario);
  const rssEnd = processes.sampleRss();

  const { ratios, targets, lines, writePath } = summarise(findings.scenarios, findings.rssSteady, [...processes.peers]);
  const cpus = os.cpus();
  const installed = versions();
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    settings: { durationSeconds: options.durationSeconds, warmupSeconds: options.warmupSeconds, connections: options.connections, trackedBookings: options.tracked, catchUpBookings: CATCH_UP_BOOKINGS, external: Boolean(external) },
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model,
      memoryMiB: Math.round(os.totalmem() / 1024 / 1024),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      loadAtStart,
      loadAtEnd: loadAverage(),
    },
    versions: installed,
    // The headline comparison: Hive Gateway running Hive Router's Rust planner and executor.
    peer: { name: "Hive Gateway + Rust query planner (@graphql-hive/router-runtime)", version: `${installed["@graphql-hive/gateway"]} + ${installed["@graphql-hive/router-runtime"]}` },
    scenarios: findings.scenarios,
    ...findings.extras,
    ratios,
    writePath,
    targets: { ...targets, ...findings.targets },
    rssMiB: { steady: findings.rssSteady, peak: processes.peak, end: rssEnd },
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, "latest.json"), JSON.stringify(report, null, 2) + "\n");
  const title = `npm run bench${quick ? " --quick" : ""} · ${cpus.length} cores · node ${process.version} · ${startedAt.toISOString().slice(0, 16)}Z · load ${loadAtStart[0]}`;
  if (!only) writeFileSync(path.join(resultsDir, "chart.svg"), chart(findings.rows, title));

  const summaryLines = [
    ...lines,
    `RSS MiB (peak): ${Object.entries(processes.peak).map(([name, mb]) => `${name} ${mb}`).join(", ")}`,
    `load average at start ${loadAtStart.join(" ")}, at end ${loadAverage().join(" ")}`,
    ...Object.entries(report.targets).map(([name, ok]) => `target ${ok === null ? "–" : ok ? "met" : "MISSED"}: ${name}`),
  ];
  console.log(`\n${table(findings.rows)}\n\n${summaryLines.join("\n")}\n\nwritten: bench/results/latest.json${only ? "" : ", bench/results/chart.svg"}`);
}

try {
  await main();
} finally {
  processes.stopAll();
  if (processes.system) {
    log("stopping the system");
    await processes.system.stop();
  }
  await services?.stop();
}
process.exit(0);
