import { runAsProcess, runSubgraph } from "@airbnb/service";
import { messageSubgraph } from "./subgraph.ts";

await runAsProcess("message", () => runSubgraph(messageSubgraph));
