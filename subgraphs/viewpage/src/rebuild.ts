// Rebuilds the board from the whole event stream: `npm run rebuild:viewpage`.
// Safe while the viewpage subgraph runs (see rebuildBoard).
import { baseConfigSchema, databaseUrl, loadConfig } from "@airbnb/config";
import { connectDatabase } from "@airbnb/db";
import { EventBus, streamPolicyOf } from "@airbnb/nats";
import { createLogger } from "@airbnb/observability";
import { rebuildBoard } from "./infrastructure/board-rebuild.ts";

async function main(): Promise<string> {
  const config = loadConfig(baseConfigSchema);
  const logger = createLogger("viewpage-rebuild", config.LOG_LEVEL);
  const { NATS_URL: url, NATS_STREAM: stream, NATS_SUBJECT_PREFIX: prefix } = config;
  const bus = await EventBus.connect({ url, name: "viewpage-rebuild", stream, prefix, logger, streams: streamPolicyOf(config) });
  const db = connectDatabase(databaseUrl("viewpage"), 2);
  try {
    const { events, unreadable, applied, rows } = await rebuildBoard(db, bus);
    return `viewpage board rebuilt: ${events} events replayed (${unreadable} unreadable skipped), ${applied} applied, ${rows} rows`;
  } finally {
    await bus.close();
    await db.close();
  }
}

await main().then(
  (summary) => console.log(summary),
  (error: unknown) => {
    console.error(`viewpage rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
