import { fragment, type Fragment, type Sql } from "@airbnb/db";
import { neutralEntry, type BoardChange, type RoomBoardEntry } from "../domain/room-board.ts";

/**
 * The board rows of the rooms these changes touch, locked until the commit;
 * a room without a row gets a neutral one first (dated by its first change),
 * so that a replica applying the same room's events waits on the lock instead
 * of writing over a row it did not read. The common case, every row there,
 * is one statement.
 */
export async function lockBoardRows(tx: Sql, changes: readonly BoardChange[]): Promise<RoomBoardEntry[]> {
  const firstChange = new Map<string, BoardChange>();
  for (const change of changes) if (!firstChange.has(change.roomId)) firstChange.set(change.roomId, change);
  // One order (the ids sorted, rows locked by id) for every batch: two never wait on each other crosswise.
  const roomIds = [...firstChange.keys()].sort();
  const lock = (ids: readonly string[]) => tx.query<RoomBoardEntry>`
    SELECT * FROM room_board WHERE room_id = ANY(${ids}::text[]) ORDER BY room_id FOR UPDATE`;
  const rows = await lock(roomIds);
  if (rows.length === roomIds.length) return rows;
  const found = new Set(rows.map((row) => row.roomId));
  const missing = roomIds.filter((roomId) => !found.has(roomId));
  // A second statement: its snapshot sees a row another transaction inserted and committed meanwhile.
  await insertNeutralRows(tx, missing.map((roomId) => neutralEntry(roomId, firstChange.get(roomId)!.occurredAt)));
  return [...rows, ...(await lock(missing))];
}

/** Neutral rows for rooms that have none; a row that exists (another replica's, just committed) is left as it is. */
function insertNeutralRows(tx: Sql, rows: readonly RoomBoardEntry[]): Promise<number> {
  return tx.execute`INSERT INTO room_board ${boardRowsOf(rows)} ON CONFLICT (room_id) DO NOTHING`;
}

/** Writes whole rows in one statement: a batch's rows after its changes (over the rows it locked), or the rebuild's bulk load. */
export function writeBoardRows(tx: Sql, rows: readonly RoomBoardEntry[]): Promise<number> {
  return tx.execute`
    INSERT INTO room_board ${boardRowsOf(rows)}
    ON CONFLICT (room_id) DO UPDATE SET
      room_name = EXCLUDED.room_name, room_city = EXCLUDED.room_city, room_status = EXCLUDED.room_status,
      room_version = EXCLUDED.room_version, last_reservation_id = EXCLUDED.last_reservation_id,
      last_reservation_status = EXCLUDED.last_reservation_status, last_payment_status = EXCLUDED.last_payment_status,
      confirmed_reservations = EXCLUDED.confirmed_reservations, review_count = EXCLUDED.review_count,
      rating_sum = EXCLUDED.rating_sum, mileage_points_issued = EXCLUDED.mileage_points_issued, revenue = EXCLUDED.revenue,
      bookings_day = EXCLUDED.bookings_day, bookings_on_day = EXCLUDED.bookings_on_day,
      last_event_type = EXCLUDED.last_event_type, updated_at = EXCLUDED.updated_at`;
}

/** The columns and rows of an insert into room_board, one array per column. */
function boardRowsOf(rows: readonly RoomBoardEntry[]): Fragment {
  const column = <K extends keyof RoomBoardEntry>(key: K) => rows.map((row) => row[key]);
  return fragment`(
      room_id, room_name, room_city, room_status, room_version, last_reservation_id, last_reservation_status, last_payment_status,
      confirmed_reservations, review_count, rating_sum, mileage_points_issued, revenue, bookings_day, bookings_on_day,
      last_event_type, updated_at)
    SELECT * FROM unnest(
      ${column("roomId")}::text[], ${column("roomName")}::text[], ${column("roomCity")}::text[], ${column("roomStatus")}::"RoomStatus"[],
      ${column("roomVersion")}::int[], ${column("lastReservationId")}::text[], ${column("lastReservationStatus")}::"ReservationStatus"[],
      ${column("lastPaymentStatus")}::"PaymentStatus"[], ${column("confirmedReservations")}::int[], ${column("reviewCount")}::int[],
      ${column("ratingSum")}::int[], ${column("mileagePointsIssued")}::int[], ${column("revenue")}::bigint[],
      ${column("bookingsDay")}::date[], ${column("bookingsOnDay")}::int[], ${column("lastEventType")}::text[],
      ${column("updatedAt")}::timestamptz[])`;
}
