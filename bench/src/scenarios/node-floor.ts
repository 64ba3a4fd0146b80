import { fileURLToPath } from "node:url";
import { BASE } from "../env.ts";
import { peerScenario, startPeer } from "../peers.ts";

/**
 * `room(id)` through a bare Node forwarder (node-floor.ts): the same fetches with
 * nothing of a router around them. Not a gateway: the CPU any router on Node
 * spends per composed request before it parses, plans or checks anything.
 */
export const nodeFloor = peerScenario({
  key: "nodeFloor",
  label: "bare Node forwarder (no gateway: the floor)",
  process: "node-floor",
  port: BASE + 13,
  note: "not a gateway: undici, node:http and JSON only",
  start(bench, port, internalToken) {
    return startPeer(bench, "node-floor", {
      command: process.execPath,
      args: ["--import", "tsx", fileURLToPath(new URL("../node-floor.ts", import.meta.url)), String(port)],
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { ...bench.env, NODE_FLOOR_INTERNAL_TOKEN: internalToken },
      url: `http://127.0.0.1:${port}/graphql`,
    });
  },
});
