import type { Database } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { BoardStore } from "../application/ports.ts";
import type { BoardChange, RoomBoardEntry } from "../domain/room-board.ts";
import { applyOnce } from "./board-sql.ts";

/** The inbox consumer whose rows record which events the board holds (the rebuild relies on it). */
export const BOARD_CONSUMER = "viewpage";

export class SqlBoardStore implements BoardStore {
  constructor(private readonly db: Database) {}

  list(first: number): Promise<RoomBoardEntry[]> {
    return this.db.query<RoomBoardEntry>`SELECT * FROM room_board ORDER BY updated_at DESC, room_id ASC LIMIT ${first}`;
  }

  findMany(roomIds: readonly string[]): Promise<RoomBoardEntry[]> {
    return this.db.query<RoomBoardEntry>`SELECT * FROM room_board WHERE room_id = ANY(${roomIds}::text[])`;
  }

  async apply(event: DomainEvent, change: BoardChange): Promise<void> {
    await applyOnce(this.db, BOARD_CONSUMER, event.id, change);
  }
}
