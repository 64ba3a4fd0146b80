// Rebuilds the board from the whole event stream and records in the event log (Reservation.timeline)
// every event it lacks: `npm run rebuild:viewpage [-- --force]`.
// Safe while the viewpage subgraph runs (see rebuildBoard); refuses when the stream lost events the board holds.
import { parseArgs } from "node:util";
import { baseConfigSchema, databaseUrl, loadConfig } from "@airbnb/config";
import { connectDatabase } from "@airbnb/db";
import { EventBus, natsAuthOf, streamPolicyOf } from "@airbnb/nats";
import { createLogger } from "@airbnb/observability";
import { rebuildBoard, RebuildRefused } from "./infrastructure/board-rebuild.ts";
import { backfillEventLog } from "./infrastructure/event-log-backfill.ts";

async function main(): Promise<string> {
  const { force } = parseArgs({ options: { force: { type: "boolean", default: false } } }).values;
  const config = loadConfig(baseConfigSchema);
  const logger = createLogger("viewpage-rebuild", config.LOG_LEVEL);
  const { NATS_URL: url, NATS_STREAM: stream, NATS_SUBJECT_PREFIX: prefix } = config;
  const bus = await EventBus.connect({ url, name: "viewpage-rebuild", stream, prefix, logger, streams: streamPolicyOf(config), auth: natsAuthOf(config) });
  const db = connectDatabase(databaseUrl("viewpage"), 2);
  try {
    const { events, unreadable, applied, rows, lost } = await rebuildBoard(db, bus, { force });
    const dropped = lost > 0 ? `; forced: ${lost} events the live board held are not in the stream and are gone from it` : "";
    const log = await backfillEventLog(db, bus);
    return `viewpage board rebuilt: ${events} events replayed (${unreadable} unreadable skipped), ${applied} applied, ${rows} rows${dropped}; ` +
      `event log: ${log.recorded} of ${log.replayed} events were missing and are recorded`;
  } finally {
    await bus.close();
    await db.close();
  }
}

await main().then(
  (summary) => console.log(summary),
  (error: unknown) => {
    const refused = error instanceof RebuildRefused;
    console.error(`viewpage rebuild ${refused ? "refused" : "failed"}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
