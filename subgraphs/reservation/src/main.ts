import { runAsProcess, runSubgraph } from "@airbnb/service";
import { reservationSubgraph } from "./subgraph.ts";

await runAsProcess("reservation", () => runSubgraph(reservationSubgraph));
