import { neutralEntry, type RoomBoardEntry } from "../domain/room-board.ts";
import type { BoardQueries } from "./ports.ts";

/** Reads anyone may make. */
export class BoardReads {
  constructor(private readonly store: BoardQueries, private readonly clock: () => Date = () => new Date()) {}

  board(first: number | null | undefined): Promise<RoomBoardEntry[]> {
    return this.store.list(Math.min(Math.max(first ?? 100, 1), 1000));
  }

  /** A room the board has not heard of yet gets a neutral row: the board lags its sources, it does not fail. */
  async entries(roomIds: readonly string[]): Promise<RoomBoardEntry[]> {
    const found = new Map((await this.store.findMany(roomIds)).map((entry) => [entry.roomId, entry]));
    return roomIds.map((roomId) => found.get(roomId) ?? neutralEntry(roomId, this.clock()));
  }
}
