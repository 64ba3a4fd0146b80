import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { RunningSystem } from "@airbnb/scripts/system";

/**
 * The processes the bench watches through /proc: the system's (ours, or those
 * bench/src/serve.ts started and listed in `servePidsFile`) and the peer gateways.
 */
export class Processes {
  system: RunningSystem | undefined;
  /** The highest RSS (MiB) seen of each process. */
  readonly peak: Record<string, number> = {};
  /** Every peer gateway started in this run: its figures are not the system's. */
  readonly peers = new Set<string>();
  private readonly children = new Map<string, ChildProcess>();

  constructor(private readonly servePidsFile?: string) {}

  add(name: string, child: ChildProcess): void {
    this.children.set(name, child);
    this.peers.add(name);
  }

  stop(name: string): void {
    this.children.get(name)?.kill("SIGTERM");
    this.children.delete(name);
  }

  stopAll(): void {
    for (const name of [...this.children.keys()]) this.stop(name);
  }

  pids(): Map<string, number> {
    const out = new Map<string, number>();
    if (this.servePidsFile && !this.system) {
      try {
        for (const [name, pid] of Object.entries(JSON.parse(readFileSync(this.servePidsFile, "utf8")))) out.set(name, Number(pid));
      } catch {}
    }
    for (const [name, child] of [...(this.system?.processes ?? new Map<string, ChildProcess>()), ...this.children]) {
      if (child.pid && child.exitCode === null && child.signalCode === null) out.set(name, child.pid);
    }
    return out;
  }

  /** RSS (MiB) of every process, now; also kept in `peak`. */
  sampleRss(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, pid] of this.pids()) {
      const rss = rssOf(pid);
      if (rss === undefined) continue;
      out[name] = rss;
      this.peak[name] = Math.max(this.peak[name] ?? 0, rss);
    }
    return out;
  }

  /** CPU seconds (user + system) every process has used so far. */
  cpu(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, pid] of this.pids()) {
      const seconds = statOf(pid)?.seconds;
      if (seconds !== undefined) out[name] = seconds;
    }
    // The servers every booking also costs, all their processes together. A Postgres backend that
    // exits takes its CPU out of the sum: the pools keep theirs open for a run.
    for (const entry of readdirSync("/proc")) {
      const stat = /^\d+$/.test(entry) ? statOf(entry) : undefined;
      const name = stat && INFRASTRUCTURE.get(stat.comm);
      if (name) out[name] = (out[name] ?? 0) + stat.seconds;
    }
    return out;
  }

  /** Each process's CPU use (seconds per second) with no load from us: timers, relays, consumers, heartbeats. */
  async idleCpuRate(ms = 1000): Promise<Record<string, number>> {
    const before = this.cpu();
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const after = this.cpu();
    const elapsed = (performance.now() - t0) / 1000;
    return Object.fromEntries(Object.entries(after).map(([name, seconds]) => [name, Math.max(0, (seconds - (before[name] ?? seconds)) / elapsed)]));
  }

  /**
   * CPU milliseconds per request of each process since `before`, less its idle
   * use: where the work goes, a figure other load on the machine disturbs less than throughput.
   */
  cpuPerRequest(before: Record<string, number>, requests: number, seconds: number, idle: Record<string, number> = {}): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, total] of Object.entries(this.cpu())) {
      const used = total - (before[name] ?? total) - (idle[name] ?? 0) * seconds;
      // Below 0.05 ms a request is noise; a threshold of 0.5 ms dropped whole subgraphs from the CPU columns.
      if (used > 0.00005 * requests) out[name] = Math.round((used * 1000 * 100) / Math.max(1, requests)) / 100;
    }
    return out;
  }
}

function rssOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** The servers counted beside our processes: their process name → the name they are reported under. */
const INFRASTRUCTURE = new Map([["postgres", "postgres"], ["nats-server", "nats"]]);

/** A process's name and the user + system CPU seconds it has used (/proc/<pid>/stat, in clock ticks of 10 ms); undefined once it has exited. */
function statOf(pid: number | string): { comm: string; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const end = stat.lastIndexOf(") ");
    const fields = stat.slice(end + 2).split(" ");
    return { comm: stat.slice(stat.indexOf("(") + 1, end), seconds: (Number(fields[11]) + Number(fields[12])) / 100 };
  } catch {
    return undefined;
  }
}
