import type { RunningSystem } from "@airbnb/scripts/system";
import type { LoadResult } from "./load.ts";
import { loadAverage, log } from "./log.ts";
import type { Options } from "./options.ts";
import type { Processes } from "./processes.ts";
import type { ScenarioRow } from "./report.ts";
import type { ReadSeed } from "./seed.ts";

/**
 * One measurement: a file in bench/src/scenarios and a line in scenarios/index.ts.
 * `key` is what `--only=` names; the scenario records its rows through `bench`.
 */
export interface Scenario {
  key: string;
  run(bench: Bench): Promise<void>;
}

export type Delay = NonNullable<ScenarioRow["delay"]>;

/** What a scenario gets: the running system, the shared seed, and where its figures go. */
export interface Bench {
  readonly options: Options;
  readonly env: NodeJS.ProcessEnv;
  readonly routerUrl: string;
  /** The system the bench started; absent when BENCH_ROUTER_URL names a running one. */
  readonly system: RunningSystem | undefined;
  readonly processes: Processes;
  readonly seed: ReadSeed;
  /** RSS (MiB) per process at steady state; the read scenarios sample it, the write ones add "(under writes)". */
  readonly rssSteady: Record<string, number>;
  wanted(key: string): boolean;
  /** A warm-up, then the measured run, with each process's CPU per request less its idle use. */
  measure(name: string, run: (seconds: number) => Promise<LoadResult>): Promise<LoadResult>;
  /** A row of the table and `scenarios[key]` in latest.json; `gateway` names the process whose CPU is the gateway column (router by default). */
  record(key: string, label: string, result: LoadResult, row?: { note?: string; gateway?: string }): void;
  recordDelay(key: string, label: string, delay: Delay): void;
  /** A row with a note only (a figure that is not a load). */
  note(key: string, label: string, note: string): void;
  /** A top-level entry of latest.json beside `scenarios` (e.g. `catchUp`). */
  extra(name: string, value: unknown): void;
  /** A target of the issue and whether this run met it (null: not measured). */
  target(name: string, met: boolean | null): void;
}

/** What the scenarios leave behind, for the report. */
export interface Findings {
  rows: ScenarioRow[];
  scenarios: Record<string, unknown>;
  extras: Record<string, unknown>;
  targets: Record<string, boolean | null>;
  rssSteady: Record<string, number>;
}

export function createBench(base: Pick<Bench, "options" | "env" | "routerUrl" | "system" | "processes" | "seed">, findings: Findings) {
  const loadBefore: Record<string, number[]> = {};
  const { options, processes } = base;
  const bench: Bench = {
    ...base,
    rssSteady: findings.rssSteady,
    wanted: (key) => !options.only || options.only.includes(key),
    async measure(name, run) {
      log(`${name}: warm-up ${options.warmupSeconds}s (load ${loadAverage().join(" ")})`);
      await run(options.warmupSeconds);
      log(`${name}: measuring ${options.durationSeconds}s`);
      const idle = await processes.idleCpuRate();
      const cpuBefore = processes.cpu();
      const result = await run(options.durationSeconds);
      result.cpuMsPerRequest = processes.cpuPerRequest(cpuBefore, result.requests, result.durationSeconds, idle);
      log(`${name}: cpu ms/request ${JSON.stringify(result.cpuMsPerRequest)}`);
      log(`${name}: ${Math.round(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}${result.sampleErrors[0] ? ` e.g. ${result.sampleErrors[0]}` : ""}`);
      return result;
    },
    record(key, label, result, row = {}) {
      findings.rows.push({ key, label, result, ...row });
      findings.scenarios[key] = { label, ...result, loadBefore: loadBefore[key] };
    },
    recordDelay(key, label, delay) {
      findings.rows.push({ key, label, delay, note: "missing / bookings" });
      findings.scenarios[key] = delay;
      log(`${label}: p50 ${delay.p50} p99 ${delay.p99} (missing ${delay.missing})`);
    },
    note(key, label, note) {
      findings.rows.push({ key, label, note });
    },
    extra(name, value) {
      findings.extras[name] = value;
    },
    target(name, met) {
      findings.targets[name] = met;
    },
  };
  /** Runs a scenario, recording the load average before it under its key. */
  const run = async (scenario: Scenario) => {
    loadBefore[scenario.key] = loadAverage();
    await scenario.run(bench);
  };
  return { bench, run };
}
