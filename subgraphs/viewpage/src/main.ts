import { runAsProcess, runSubgraph } from "@airbnb/service";
import { viewpageSubgraph } from "./subgraph.ts";

await runAsProcess("viewpage", () => runSubgraph(viewpageSubgraph));
