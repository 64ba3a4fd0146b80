import type { DomainEvent } from "@airbnb/events";
import type { BoardStore } from "../application/ports.ts";
import type { BoardChange, RoomBoardEntry } from "../domain/room-board.ts";
import { applyOnce } from "./board-sql.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";

/** The inbox consumer whose rows record which events the board holds (the rebuild relies on it). */
export const BOARD_CONSUMER = "viewpage";

export class PrismaBoardStore implements BoardStore {
  constructor(private readonly db: PrismaClient) {}

  list(first: number): Promise<RoomBoardEntry[]> {
    return this.db.roomBoardEntry.findMany({ orderBy: [{ updatedAt: "desc" }, { roomId: "asc" }], take: first });
  }

  findMany(roomIds: readonly string[]): Promise<RoomBoardEntry[]> {
    return this.db.roomBoardEntry.findMany({ where: { roomId: { in: [...roomIds] } } });
  }

  async apply(event: DomainEvent, change: BoardChange): Promise<void> {
    await applyOnce(this.db, BOARD_CONSUMER, event.id, change);
  }
}
