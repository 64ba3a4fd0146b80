import type { DomainEvent } from "@airbnb/events";
import type { BoardChange, RoomBoardEntry } from "../domain/room-board.ts";

export interface BoardQueries {
  /** Most recently changed first. */
  list(first: number): Promise<RoomBoardEntry[]>;
  findMany(roomIds: readonly string[]): Promise<RoomBoardEntry[]>;
}

export interface BoardStore extends BoardQueries {
  /** Applies the event's change once, however often the event is delivered. */
  apply(event: DomainEvent, change: BoardChange): Promise<void>;
}
