import { BASE } from "../env.ts";
import { peerScenario } from "../peers.ts";
import { hiveGatewayPeer } from "./hive-gateway.ts";

/**
 * `room(id)` through Hive Gateway with Hive Router's Rust query planner and executor
 * (@graphql-hive/router-runtime's `unifiedGraphHandler`): the headline peer.
 */
export const hiveRouterRuntime = peerScenario(hiveGatewayPeer({
  key: "hiveRust",
  label: "Hive Gateway + Rust planner",
  process: "hive-router-runtime",
  port: BASE + 11,
}, true));
