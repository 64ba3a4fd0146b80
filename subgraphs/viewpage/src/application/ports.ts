import type { DomainEvent } from "@airbnb/events";
import type { BoardChange, BoardTotals, RoomBoardEntry } from "../domain/room-board.ts";

export interface BoardQueries {
  /** Up to `first` rows in roomId order, starting after the row `after` (from the start without it). */
  list(first: number, after: string | null): Promise<RoomBoardEntry[]>;
  /** Whether the board has a row for the room. */
  has(roomId: string): Promise<boolean>;
  findMany(roomIds: readonly string[]): Promise<RoomBoardEntry[]>;
  /** Sums over every row; `today` is the UTC day (YYYY-MM-DD) bookings are counted for. */
  totals(today: string): Promise<BoardTotals>;
}

export interface BoardStore extends BoardQueries {
  /** Applies the event's change once, however often the event is delivered. */
  apply(event: DomainEvent, change: BoardChange): Promise<void>;
}
