import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { composeSupergraph, subgraphsToCompose } from "@airbnb/router/supergraph";
import type { Bench, Scenario } from "./bench.ts";
import { runAutocannon } from "./load.ts";
import { log } from "./log.ts";
import { ROOM_QUERY, roomRequest } from "./room-query.ts";
import { call } from "./seed.ts";

const peersDir = fileURLToPath(new URL("../peers", import.meta.url));

/**
 * The gateways compared with the router live in bench/peers (they want Node 22, and
 * would warn on every `npm install`): installed from their own lockfile on first use.
 */
export function installedPeer(file: string): string {
  const target = path.join(peersDir, "node_modules", file);
  if (existsSync(target)) return target;
  log("installing the benchmark's peer gateways into bench/peers (once)");
  // Not `npm ci`: it refuses a lockfile without Grafbase's binaries for other platforms (optional
  // dependencies a registry may not carry). `install --no-save` installs what the lockfile pins and leaves it as it is.
  const install = spawnSync("npm", ["install", "--no-save", "--prefix", peersDir, "--no-audit", "--no-fund", "--loglevel=error"], { stdio: "inherit" });
  if (install.status !== 0 || !existsSync(target)) throw new Error(`could not install bench/peers (npm install --no-save --prefix bench/peers): exit ${install.status}`);
  return target;
}

/** A fresh directory for a peer's configuration. */
export const peerDir = (name: string) => mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));

/** A fresh directory holding the supergraph the router composes (the same subgraphs, the same URLs). */
export function supergraphDir(env: NodeJS.ProcessEnv, name: string): { dir: string; supergraphFile: string } {
  const dir = peerDir(name);
  const supergraphFile = path.join(dir, "supergraph.graphql");
  writeFileSync(supergraphFile, composeSupergraph(subgraphsToCompose(env.SUBGRAPHS), env).supergraphSdl);
  return { dir, supergraphFile };
}

interface PeerProcess {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  url: string;
}

/** Starts a peer gateway as a watched child process and waits until it answers `{ __typename }`. */
export async function startPeer(bench: Bench, name: string, peer: PeerProcess): Promise<string> {
  const child = spawn(peer.command, peer.args, { cwd: peer.cwd, env: { ...process.env, ...peer.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr!.on("data", (chunk) => (output = (output + chunk).slice(-4000)));
  bench.processes.add(name, child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${output}`);
    const ok = await fetch(peer.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) })
      .then((r) => r.ok, () => false);
    if (ok) return peer.url;
    if (Date.now() > deadline) throw new Error(`${name} not ready: ${output}`);
    await sleep(200);
  }
}

export interface PeerGateway {
  /** The `--only` key and the row's key in latest.json. */
  key: string;
  label: string;
  /** Its process name in the CPU and RSS figures. */
  process: string;
  note?: string;
  /** Its port: BENCH_PORT_BASE + 10 and up (the router is on the base, the subgraphs on the next seven). */
  port: number;
  /** Starts it (startPeer) on `port`, forwarding `internalToken` as x-internal-identity; returns its URL. */
  start(bench: Bench, port: number, internalToken: string): Promise<string>;
}

/**
 * The composed room(id) through a peer gateway: started against the same subgraphs,
 * checked to answer as the router does, measured like `composed`, then stopped.
 */
export function peerScenario(peer: PeerGateway): Scenario {
  return {
    key: peer.key,
    async run(bench) {
      log(`starting ${peer.label}`);
      const url = await peer.start(bench, peer.port, bench.seed.hostInternal);
      const check = await call(url, undefined, ROOM_QUERY, { id: bench.seed.readRooms[0] });
      if (check.errors) throw new Error(`${peer.process}'s answer has errors: ${JSON.stringify(check.errors).slice(0, 500)}`);
      if (JSON.stringify(check.data) !== JSON.stringify(bench.seed.sample.data)) log(`note: ${peer.process}'s answer differs from the router's (ordering?)`);
      const result = await bench.measure(`composed via ${peer.process}`, (s) =>
        runAutocannon({ url, connections: bench.options.connections, durationSeconds: s, request: roomRequest(bench.seed.readRooms, undefined) }));
      bench.record(peer.key, `room(id) composed · ${peer.label}`, result, { gateway: peer.process, ...(peer.note ? { note: peer.note } : {}) });
      Object.assign(bench.rssSteady, bench.processes.sampleRss());
      bench.processes.stop(peer.process);
    },
  };
}
