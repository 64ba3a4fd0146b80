import { claimNew, type Database } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { BoardStore } from "../application/ports.ts";
import { foldBoard, type BoardChange, type BoardTotals, type RoomBoardEntry } from "../domain/room-board.ts";
import { lockBoardRows, writeBoardRows } from "./board-sql.ts";

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

  /** Within a consumer's batch (a unit of work), every change of the batch is applied at its end, together. */
  apply(event: DomainEvent, change: BoardChange): Promise<void> {
    return this.db.batched(this.applyAll, [{ eventId: event.id, change }]);
  }

  /**
   * A batch's changes, once each, in three statements whatever its size: the
   * inbox claims, the rows locked and read, the rows the rule makes of them
   * written. (With one upsert per event, the rule copied into SQL, viewpage ran
   * 3.7 statements per booking under the bench's reserve load; this way 2.3–2.5.)
   */
  private readonly applyAll = (items: Array<{ eventId: string; change: BoardChange }>) =>
    this.db.transaction(async (tx) => {
      const fresh = await claimNew(tx, BOARD_CONSUMER, items.map((item) => item.eventId));
      // Set.delete: a second copy of an event in the batch finds it applied.
      const changes = items.filter((item) => fresh.delete(item.eventId)).map((item) => item.change);
      if (changes.length === 0) return;
      await writeBoardRows(tx, foldBoard(changes, await lockBoardRows(tx, changes)));
    });
}
