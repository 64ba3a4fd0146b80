import { runAsProcess, runSubgraph } from "@airbnb/service";
import { paymentSubgraph } from "./subgraph.ts";

await runAsProcess("payment", () => runSubgraph(paymentSubgraph));
