import type { Database, Sql } from "@airbnb/db";
import type { EventBus } from "@airbnb/nats";
import { projectEvent } from "../application/board-projection.ts";
import { foldBoard, type BoardChange } from "../domain/room-board.ts";
import { writeBoardRows } from "./board-sql.ts";
import { BOARD_CONSUMER } from "./sql-board-store.ts";
import { openReplay, type ReplayedEvent } from "./stream-replay.ts";

export interface RebuildReport {
  /** Events read from the stream (readable ones). */
  events: number;
  unreadable: number;
  /** Changes folded into the new board. */
  applied: number;
  rows: number;
  /** Events the live board had applied that the stream no longer holds (dropped with `force`, else the rebuild is refused). */
  lost: number;
}

export interface RebuildOptions {
  /** Swap in the board the stream makes even when the live board knows events the stream lost. */
  force?: boolean;
}

/** The contexts whose events the board shows: where lost events can be republished from. */
const PUBLISHERS = "room, reservation, payment, mileage or review";

/** The live board holds events the stream no longer has: a rebuild would silently drop them. */
export class RebuildRefused extends Error {
  override readonly name = "RebuildRefused";
  constructor(readonly lost: number, firstAppliedAt: Date) {
    super(
      `the live board holds ${lost} events the stream no longer has (the first applied ${firstAppliedAt.toISOString()}); ` +
        `republish them (npm run outbox:republish -- <${PUBLISHERS}> --since <a time before that>) and run again, ` +
        "or pass --force to swap in the board the stream makes without them",
    );
  }
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
 *
 * A stream that lost messages (or contexts that once published elsewhere)
 * would make a board short of facts the live one shows, so before the swap
 * the live inbox is compared with what the replay saw; an event applied live
 * but absent from the stream refuses the rebuild unless `force` is given.
 */
export async function rebuildBoard(db: Database, bus: EventBus, { force = false }: RebuildOptions = {}): Promise<RebuildReport> {
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
      const lost = await appliedButNotReplayed(tx, changes);
      if (lost.length > 0 && !force) throw new RebuildRefused(lost.length, lost[0]!.processedAt);
      // Forced: the new board lacks them, so the inbox must too, or a later republish of them would be skipped.
      if (lost.length > 0) await tx.execute`DELETE FROM inbox WHERE consumer = ${BOARD_CONSUMER} AND event_id = ANY(${lost.map((e) => e.id)}::uuid[])`;
      const held = onceEach(changes.filter((c) => c.seq <= ackFloor || appliedAbove.has(c.eventId)));
      const rows = foldBoard(held.map((c) => c.change));
      await tx.execute`DELETE FROM room_board`;
      if (rows.length > 0) await writeBoardRows(tx, rows);
      return { ...replay.counts, applied: held.length, rows: rows.length, lost: lost.length };
    });
  } finally {
    await replay.close();
  }
}

/** Events the live board applied (its inbox) that the replay never saw, oldest first; a hash anti-join: the inbox may be long. */
async function appliedButNotReplayed(tx: Sql, changes: readonly ReplayedChange[]) {
  return tx.query<{ id: string; processedAt: Date }>`
    SELECT i.event_id::text AS id, i.processed_at
    FROM inbox i LEFT JOIN unnest(${changes.map((c) => c.eventId)}::uuid[]) AS r(id) ON r.id = i.event_id
    WHERE i.consumer = ${BOARD_CONSUMER} AND r.id IS NULL
    ORDER BY i.processed_at`;
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
