export { connectDatabase, fragment, Fragment, type Database, type Sql } from "./sql.ts";
export { ensureDatabase, dropDatabase } from "./database.ts";
export { migrateContext } from "./migrate.ts";
export { isDatabaseUnavailable, postgresErrorCode, retryDeadlocks, EXCLUSION_VIOLATION, UNIQUE_VIOLATION } from "./postgres-errors.ts";
export { appendToOutbox, outboxInsert, OutboxRelay, purgeOutbox, type OutboxRelayOptions } from "./outbox.ts";
export { republishOutbox, type RepublishRange } from "./outbox-republish.ts";
export { claimAhead, claimEvent, claimNew, handleOnce, inboxClaim } from "./inbox.ts";
export { databaseMetrics } from "./metrics.ts";
