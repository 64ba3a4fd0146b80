import { badInput, isStorableText } from "@airbnb/kernel";
import { neutralEntry, type BoardTotals, type RoomBoardEntry } from "../domain/room-board.ts";
import type { BoardQueries } from "./ports.ts";

const BOARD_PAGE = { default: 100, max: 1000 } as const;

/** Reads anyone may make. */
export class BoardReads {
  constructor(private readonly store: BoardQueries, private readonly clock: () => Date = () => new Date()) {}

  /** One page in roomId order; `after` must name a row of the board (the last one the client has). */
  async board(first: number | null | undefined, after: string | null | undefined): Promise<RoomBoardEntry[]> {
    // Text Postgres cannot hold (NUL, a lone surrogate) names no row either, and must not reach SQL.
    if (after != null && !(isStorableText(after) && (await this.store.has(after)))) throw badInput("after", "after: no room with this id on the board");
    return this.store.list(Math.min(Math.max(first ?? BOARD_PAGE.default, 1), BOARD_PAGE.max), after ?? null);
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
