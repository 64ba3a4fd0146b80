import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { waitFor } from "@airbnb/testkit";
import { NATS_SERVER, natsProcess } from "./nats-server.ts";

/** `sync_interval` (fsync on every write, production's setting) exists from nats-server 2.10 on. */
export function natsServerVersion(): string {
  return /v(\d+\.\d+\.\d+)/.exec(execFileSync(NATS_SERVER, ["--version"], { encoding: "utf8" }))?.[1] ?? "unknown";
}
const syncIntervalKnown = (version: string) => {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 2 || (major === 2 && minor >= 10);
};

export interface ClusterNode {
  name: string;
  port: number;
  url: string;
  monitorUrl: string;
  /** kill -9, and wait until the process is gone. */
  kill(): Promise<void>;
  /** Starts it again with the same store; resolves when it accepts connections. */
  start(): Promise<void>;
}

export interface TestNatsCluster {
  /** Every node's URL, comma-separated: the system's NATS_URL. */
  url: string;
  nodes: ClusterNode[];
  /** Whether every write is fsynced (`sync_interval: always`), or the server is too old to be told. */
  fsyncAlways: boolean;
  version: string;
  node(name: string): ClusterNode;
  /** Kills every node and removes the store directories. */
  dispose(): Promise<void>;
}

/**
 * Three nats-servers clustered on loopback, each with its own store directory:
 * client ports base…base+2, cluster routes base+3…base+5, monitoring base+6…base+8.
 * Production's `jetstream { sync_interval: always }` where the server knows it.
 */
export async function startNatsCluster(base: number): Promise<TestNatsCluster> {
  const version = natsServerVersion();
  const fsyncAlways = syncIntervalKnown(version);
  const dir = mkdtempSync(path.join(tmpdir(), "faults-nats-cluster-"));
  const names = ["n1", "n2", "n3"];
  const routes = names.map((_, i) => `nats-route://127.0.0.1:${base + 3 + i}`).join(", ");
  const nodes = names.map((name, i): ClusterNode => {
    const port = base + i;
    const config = path.join(dir, `${name}.conf`);
    writeFileSync(config, [
      `server_name: ${name}`,
      `listen: 127.0.0.1:${port}`,
      `http: 127.0.0.1:${base + 6 + i}`,
      `jetstream { store_dir: "${path.join(dir, name)}"${fsyncAlways ? ", sync_interval: always" : ""} }`,
      `cluster { name: faults, listen: 127.0.0.1:${base + 3 + i}, routes: [${routes}] }`,
    ].join("\n"));
    return { name, port, url: `nats://127.0.0.1:${port}`, monitorUrl: `http://127.0.0.1:${base + 6 + i}`, ...natsProcess([NATS_SERVER, "-c", config], port) };
  });
  const dispose = async () => {
    await Promise.all(nodes.map((n) => n.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(nodes.map((n) => n.start()));
    // JetStream answers once the meta group has a leader.
    await waitFor(async () => {
      const states = await Promise.all(nodes.map((n) => fetch(`${n.monitorUrl}/jsz`).then((r) => r.json() as Promise<{ meta_cluster?: { leader?: string } }>, () => undefined)));
      return states.every((s) => s?.meta_cluster?.leader);
    }, { timeoutMs: 30_000, intervalMs: 200, what: "the JetStream meta leader" });
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    url: nodes.map((n) => n.url).join(","),
    nodes,
    fsyncAlways,
    version,
    node: (name) => nodes.find((n) => n.name === name) ?? (() => { throw new Error(`no node ${name}`); })(),
    dispose,
  };
}
