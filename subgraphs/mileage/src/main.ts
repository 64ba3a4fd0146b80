import { runAsProcess, runSubgraph } from "@airbnb/service";
import { mileageSubgraph } from "./subgraph.ts";

await runAsProcess("mileage", () => runSubgraph(mileageSubgraph));
