import type { Database } from "@airbnb/db";
import type { EventBus } from "@airbnb/nats";
import { projectEvent } from "../application/board-projection.ts";
import { foldBoard, type BoardChange } from "../domain/room-board.ts";
import { insertBoardRows } from "./board-sql.ts";
import { BOARD_CONSUMER } from "./sql-board-store.ts";
import { openReplay, type ReplayedEvent } from "./stream-replay.ts";

export interface RebuildReport {
  /** Events read from the stream (readable ones). */
  events: number;
  unreadable: number;
  /** Changes folded into the new board. */
  applied: number;
  rows: number;
}

interface ReplayedChange {
  seq: number;
  eventId: string;
  change: BoardChange;
}

/**
 * Replays the whole stream through the board's projection and replaces the
 * board with the result in one transaction, while the live consumer runs.
 *
 * The new board must hold exactly the events the live consumer will not apply
 * again, or the swap would lose or double some: those at or below the durable
 * consumer's ack floor (done with, whatever an older projection made of them)
 * and, above it, those the inbox records as applied. Live writes wait on the
 * table lock while that set is read and the rows replaced; readers see the old
 * board until the commit. (The rows are replaced inside one transaction rather
 * than by renaming a scratch table: same atomicity, and the migration's table,
 * indexes and names stay as they are.)
 */
export async function rebuildBoard(db: Database, bus: EventBus): Promise<RebuildReport> {
  const replay = await openReplay(bus);
  const changes: ReplayedChange[] = [];
  const take = ({ seq, event }: ReplayedEvent) => {
    const change = projectEvent(event);
    if (change) changes.push({ seq, eventId: event.id, change });
  };
  try {
    // Most of the stream is read before the lock, while the live board keeps serving and changing.
    await replay.readToEnd(take);
    return await db.transaction(async (tx) => {
      // Should the stream read hang, Postgres ends the transaction and frees the live writers.
      await tx.execute`SET LOCAL idle_in_transaction_session_timeout = '120s'`;
      // Readers keep the old board until the commit; live writers wait here.
      await tx.execute`LOCK TABLE room_board IN EXCLUSIVE MODE`;
      await replay.readToEnd(take);
      const ackFloor = await durableAckFloor(bus);
      const inFlight = changes.filter((c) => c.seq > ackFloor).map((c) => c.eventId);
      const appliedAbove = new Set(
        (await tx.query<{ id: string }>`
          SELECT event_id::text AS id FROM inbox WHERE consumer = ${BOARD_CONSUMER} AND event_id = ANY(${inFlight}::uuid[])`).map((r) => r.id),
      );
      const held = onceEach(changes.filter((c) => c.seq <= ackFloor || appliedAbove.has(c.eventId)));
      const rows = foldBoard(held.map((c) => c.change));
      await tx.execute`DELETE FROM room_board`;
      if (rows.length > 0) await insertBoardRows(tx, rows);
      return { ...replay.counts, applied: held.length, rows: rows.length };
    });
  } finally {
    await replay.close();
  }
}

/** The stream sequence up to which the live consumer has acknowledged everything; 0 before it first ran. */
async function durableAckFloor(bus: EventBus): Promise<number> {
  const info = await bus.jsm.consumers.info(bus.names.stream, BOARD_CONSUMER).catch(() => null);
  return info?.ack_floor.stream_seq ?? 0;
}

/** An event published twice (a republish after the duplicate window) counts once, like the inbox makes it live. */
function onceEach(changes: ReplayedChange[]): ReplayedChange[] {
  const seen = new Set<string>();
  return changes.filter((c) => !seen.has(c.eventId) && seen.add(c.eventId));
}
