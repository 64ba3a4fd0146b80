import type { Database } from "@airbnb/db";
import type { EventBus } from "@airbnb/nats";
import { loggedEventOf, type NewLoggedEvent } from "../application/saga-timeline.ts";
import { SqlEventLog } from "./sql-event-log.ts";
import { openReplay } from "./stream-replay.ts";

const BATCH = 1000;

/**
 * Records in the log every event the stream holds (those logged already stay
 * as they are), so the timelines of reservations older than the log are told
 * too. Safe while the live consumer runs: both write each event once, by its id.
 */
export async function backfillEventLog(db: Database, bus: EventBus): Promise<{ replayed: number; recorded: number }> {
  const replay = await openReplay(bus);
  const events: NewLoggedEvent[] = [];
  try {
    await replay.readToEnd(({ event }) => void events.push(loggedEventOf(event)));
  } finally {
    await replay.close();
  }
  const log = new SqlEventLog(db);
  let recorded = 0;
  for (let i = 0; i < events.length; i += BATCH) recorded += await log.recordAll(events.slice(i, i + BATCH));
  return { replayed: events.length, recorded };
}
