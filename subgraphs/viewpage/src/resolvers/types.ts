import type { BoardReads } from "../application/queries.ts";
import type { TimelineReads } from "../application/saga-timeline.ts";

export interface BoardApp {
  reads: BoardReads;
  timeline: TimelineReads;
}
