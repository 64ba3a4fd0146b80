import type { BoardReads } from "../application/queries.ts";

export interface BoardApp {
  reads: BoardReads;
}
