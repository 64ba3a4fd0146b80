import { writeFileSync } from "node:fs";
import path from "node:path";
import { BASE } from "../env.ts";
import { installedPeer, peerScenario, startPeer, supergraphDir } from "../peers.ts";

/**
 * `room(id)` through plain Hive Gateway (`hive-gateway supergraph`, its JavaScript
 * planner and executor) against the supergraph the router composes.
 */
export const hiveGateway = peerScenario({
  key: "hive",
  label: "Hive Gateway",
  process: "hive-gateway",
  port: BASE + 10,
  async start(bench, port, internalToken) {
    const { dir, supergraphFile } = supergraphDir(bench.env, "hive");
    const configFile = path.join(dir, "gateway.config.mjs");
    // Subgraphs accept only the router-signed identity: Hive forwards a fixed, valid one.
    writeFileSync(
      configFile,
      `export const gatewayConfig = {
  logging: "error",
  propagateHeaders: { fromClientToSubgraphs: () => ({ "x-internal-identity": ${JSON.stringify(internalToken)} }) },
};\n`,
    );
    const bin = installedPeer("@graphql-hive/gateway/dist/bin.js");
    return startPeer(bench, "hive-gateway", {
      command: process.execPath,
      args: [bin, "supergraph", supergraphFile, "-c", configFile, "-p", String(port), "-h", "127.0.0.1"],
      cwd: dir,
      env: { NODE_ENV: "production" },
      url: `http://127.0.0.1:${port}/graphql`,
    });
  },
});
