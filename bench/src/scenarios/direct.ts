import type { Scenario } from "../bench.ts";
import { closePools, postJson, runClosedLoop } from "../load.ts";
import { fetchRoom, subgraphUrl } from "../room-fetches.ts";

/** The floor: the router's 6 fetches in 3 steps made by the client itself, the answer put together; router overhead = 1 − composed/direct. */
export const direct: Scenario = {
  key: "direct",
  async run(bench) {
    const { readRooms, hostInternal } = bench.seed;
    const headers = { "x-internal-identity": hostInternal };
    // Identical reads in flight at once share one fetch, as the router (and Hive) do: the same floor.
    const inFlight = new Map<string, Promise<any>>();
    const post = (url: string, body: unknown) => {
      const key = `${url}\n${JSON.stringify(body)}`;
      let shared = inFlight.get(key);
      if (!shared) {
        shared = postJson(url, body, headers).finally(() => inFlight.delete(key));
        inFlight.set(key, shared);
      }
      return shared.then((answer) => structuredClone(answer));
    };
    let n = 0;
    const readRoom = async (): Promise<string | void> => {
      const { errors } = await fetchRoom(post, (context) => subgraphUrl(context, bench.env), readRooms[n++ % readRooms.length]!);
      if (errors) return JSON.stringify(errors);
    };
    bench.record("direct", "same data · subgraphs directly", await bench.measure("direct to subgraphs", (s) => runClosedLoop(bench.options.connections, s, readRoom)),
      { note: "6 fetches in 3 steps, client-side, identical in-flight reads shared" });
    await closePools();
  },
};
