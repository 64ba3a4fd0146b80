import { runAsProcess, runSubgraph } from "@airbnb/service";
import { roomSubgraph } from "./subgraph.ts";

await runAsProcess("room", () => runSubgraph(roomSubgraph));
