import type { Database } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { BoardStore } from "../application/ports.ts";
import type { BoardChange, BoardTotals, RoomBoardEntry } from "../domain/room-board.ts";
import { applyOnce } from "./board-sql.ts";

/** The inbox consumer whose rows record which events the board holds (the rebuild relies on it). */
export const BOARD_CONSUMER = "viewpage";

export class SqlBoardStore implements BoardStore {
  constructor(private readonly db: Database) {}

  /** The primary key's order: stable while pages are read, whatever the rows' events do. ('' sorts before every id.) */
  list(first: number, after: string | null): Promise<RoomBoardEntry[]> {
    return this.db.query<RoomBoardEntry>`
      SELECT * FROM room_board WHERE room_id > ${after ?? ""} ORDER BY room_id ASC LIMIT ${first}`;
  }

  async has(roomId: string): Promise<boolean> {
    return (await this.db.query`SELECT 1 FROM room_board WHERE room_id = ${roomId}`).length > 0;
  }

  findMany(roomIds: readonly string[]): Promise<RoomBoardEntry[]> {
    return this.db.query<RoomBoardEntry>`SELECT * FROM room_board WHERE room_id = ANY(${roomIds}::text[])`;
  }

  async totals(today: string): Promise<BoardTotals> {
    const [totals] = await this.db.query<BoardTotals>`
      SELECT count(*)::int AS rooms,
        count(*) FILTER (WHERE room_status = 'LISTED')::int AS rooms_listed,
        coalesce(sum(confirmed_reservations), 0)::bigint AS stays_confirmed,
        coalesce(sum(revenue), 0)::bigint AS revenue,
        coalesce(sum(mileage_points_issued), 0)::bigint AS mileage_points_issued,
        coalesce(sum(bookings_on_day) FILTER (WHERE bookings_day = ${today}::date), 0)::bigint AS bookings_today
      FROM room_board`;
    return totals!;
  }

  async apply(event: DomainEvent, change: BoardChange): Promise<void> {
    await applyOnce(this.db, BOARD_CONSUMER, event.id, change);
  }
}
