import { runAsProcess, runSubgraph } from "@airbnb/service";
import { reviewSubgraph } from "./subgraph.ts";

await runAsProcess("review", () => runSubgraph(reviewSubgraph));
