import type { Scenario } from "../bench.ts";
import { board } from "./board.ts";
import { catchUp } from "./catch-up.ts";
import { composed } from "./composed.ts";
import { direct } from "./direct.ts";
import { grafbase } from "./grafbase.ts";
import { hiveGateway } from "./hive-gateway.ts";
import { hiveRouterRuntime } from "./hive-router-runtime.ts";
import { nodeFloor } from "./node-floor.ts";
import { overload } from "./overload.ts";
import { reserve } from "./reserve.ts";

/** Every scenario, in the order they run; a new one is a file here and a line below. */
export const scenarios: Scenario[] = [
  composed,
  hiveRouterRuntime,
  hiveGateway,
  grafbase,
  nodeFloor,
  direct,
  board,
  reserve,
  overload,
  catchUp,
];
