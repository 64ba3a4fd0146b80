import { pageOf, unknownCursor } from "@airbnb/kernel";
import { neutralEntry, type BoardTotals, type RoomBoardEntry } from "../domain/room-board.ts";
import type { BoardQueries } from "./ports.ts";

/** Reads anyone may make. */
export class BoardReads {
  constructor(private readonly store: BoardQueries, private readonly clock: () => Date) {}

  /** One page in roomId order; `after` must name a row of the board (the last one the client has). */
  async board(first: number | null | undefined, after: string | null | undefined): Promise<RoomBoardEntry[]> {
    // The rule of every list (kernel/pages.ts); an `after` that is not a room id never reaches SQL.
    const page = pageOf("Query.roomBoard", { first, after }, 100);
    if (page.after !== null && !(await this.store.has(page.after))) throw unknownCursor();
    return this.store.list(page.first, page.after);
  }

  totals(): Promise<BoardTotals> {
    return this.store.totals(this.clock().toISOString().slice(0, 10));
  }

  /** A room the board has not heard of yet gets a neutral row: the board lags its sources, it does not fail. */
  async entries(roomIds: readonly string[]): Promise<RoomBoardEntry[]> {
    const found = new Map((await this.store.findMany(roomIds)).map((entry) => [entry.roomId, entry]));
    return roomIds.map((roomId) => found.get(roomId) ?? neutralEntry(roomId, this.clock()));
  }
}
