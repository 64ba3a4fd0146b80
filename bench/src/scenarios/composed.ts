import type { Scenario } from "../bench.ts";
import { runAutocannon } from "../load.ts";
import { roomRequest } from "../room-query.ts";

/** `room(id)` through the router: 6 subgraph fetches in 3 steps, the seeded read rooms in turn. */
export const composed: Scenario = {
  key: "composed",
  async run(bench) {
    const { readRooms, host } = bench.seed;
    bench.record("composed", "room(id) composed · router", await bench.measure("composed via router", (s) =>
      runAutocannon({ url: bench.routerUrl, connections: bench.options.connections, durationSeconds: s, request: roomRequest(readRooms, host.token) })));
    Object.assign(bench.rssSteady, bench.processes.sampleRss());
  },
};
