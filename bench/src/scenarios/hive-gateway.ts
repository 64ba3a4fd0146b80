import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BASE } from "../env.ts";
import { installedPeer, peerScenario, startPeer, supergraphDir, type PeerGateway } from "../peers.ts";

/**
 * Hive Gateway (`hive-gateway supergraph`) against the supergraph the router composes;
 * `rustPlanner` swaps its planner and executor for Hive Router's (@graphql-hive/router-runtime).
 */
export function hiveGatewayPeer(peer: Omit<PeerGateway, "start">, rustPlanner: boolean): PeerGateway {
  return {
    ...peer,
    async start(bench, port, internalToken) {
      const { dir, supergraphFile } = supergraphDir(bench.env, peer.process);
      const configFile = path.join(dir, "gateway.config.mjs");
      const runtime = rustPlanner ? pathToFileURL(installedPeer("@graphql-hive/router-runtime/dist/index.js")).href : undefined;
      // Subgraphs accept only the router-signed identity: Hive forwards a fixed, valid one.
      writeFileSync(
        configFile,
        `${runtime ? `import { unifiedGraphHandler } from ${JSON.stringify(runtime)};\n` : ""}export const gatewayConfig = {
  logging: "error",
  propagateHeaders: { fromClientToSubgraphs: () => ({ "x-internal-identity": ${JSON.stringify(internalToken)} }) },${runtime ? "\n  unifiedGraphHandler," : ""}
};\n`,
      );
      const bin = installedPeer("@graphql-hive/gateway/dist/bin.js");
      return startPeer(bench, peer.process, {
        command: process.execPath,
        args: [bin, "supergraph", supergraphFile, "-c", configFile, "-p", String(port), "-h", "127.0.0.1"],
        cwd: dir,
        env: { NODE_ENV: "production" },
        url: `http://127.0.0.1:${port}/graphql`,
      });
    },
  };
}

/** `room(id)` through plain Hive Gateway: its JavaScript planner and executor. */
export const hiveGateway = peerScenario(hiveGatewayPeer({ key: "hive", label: "Hive Gateway", process: "hive-gateway", port: BASE + 10 }, false));
