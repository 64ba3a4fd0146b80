import type { DomainEvent } from "@airbnb/events";
import type { EventBus } from "@airbnb/nats";
import { currentTraceparent, type Logger } from "@airbnb/observability";
import { fragment, type Database, type Fragment, type Sql } from "./sql.ts";

const always = fragment``;

/**
 * The outbox rows of `events`: the one shape every store writes events with, as a
 * statement of its own or as the last part of a statement whose change it reports,
 * `onlyIf` naming what must hold (e.g. fragment`WHERE EXISTS (SELECT 1 FROM moved)`).
 * Each row keeps the trace of the operation that writes it: its publish and handling continue that trace.
 */
export const outboxInsert = (events: readonly DomainEvent[], onlyIf: Fragment = always): Fragment => {
  const traceparent = currentTraceparent();
  return outboxRows(events.map((event) => ({ event, traceparent })), onlyIf);
};

interface OutboxEntry {
  event: DomainEvent;
  traceparent: string | null;
}

const outboxRows = (entries: readonly OutboxEntry[], onlyIf: Fragment = always): Fragment => fragment`
  INSERT INTO outbox (id, type, payload, traceparent)
  SELECT * FROM unnest(${entries.map(({ event }) => event.id)}::uuid[], ${entries.map(({ event }) => event.type)}::text[],
    ${entries.map(({ event }) => JSON.stringify(event))}::jsonb[], ${entries.map(({ traceparent }) => traceparent)}::text[]) ${onlyIf}`;

/** Writes events into the outbox inside the caller's transaction: they exist if and only if the change committed. */
export async function appendToOutbox(tx: Sql, events: readonly DomainEvent[]): Promise<void> {
  if (events.length > 0) await tx.execute`${outboxInsert(events)}`;
}

/** One writer per database, so that `batched` merges every caller's rows. */
const outboxWriters = new WeakMap<Database, (entries: OutboxEntry[]) => Promise<number>>();

/**
 * `appendToOutbox` for many effects in one unit of work (a consumer's batch):
 * their rows are written by one insert at its end, each with its own trace.
 */
export function appendToOutboxOnCommit(db: Database, events: readonly DomainEvent[]): Promise<void> {
  let write = outboxWriters.get(db);
  if (!write) outboxWriters.set(db, (write = (entries) => db.execute`${outboxRows(entries)}`));
  const traceparent = currentTraceparent();
  return db.batched(write, events.map((event) => ({ event, traceparent })));
}

export interface OutboxRelayOptions {
  batchSize?: number;
  /** How often to look when nobody kicked; commits kick the relay directly. */
  pollIntervalMs?: number;
  /** Published rows are kept this long (for republishing a range), then deleted; 168 h (a week) by default. */
  retentionHours?: number;
  /** How often the relay deletes rows past retention; at start, then hourly by default. */
  purgeIntervalMs?: number;
}

/** Deletes published rows older than the retention; unpublished rows are never deleted. Returns how many. */
export function purgeOutbox(db: Sql, retentionHours: number): Promise<number> {
  return db.execute`
    DELETE FROM outbox WHERE published_at IS NOT NULL
    AND published_at < now() - ${retentionHours}::float8 * interval '1 hour'`;
}

interface OutboxRow {
  id: string;
  payload: DomainEvent;
  traceparent: string | null;
  seq: number;
}

/**
 * Publishes committed outbox rows to JetStream and marks them. Rows are locked
 * with SKIP LOCKED, so several relays (replicas) never publish one row at once;
 * a crash between publish and mark republishes with the same Nats-Msg-Id,
 * which the stream drops as a duplicate.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private kicked = false;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retentionHours: number;
  private readonly purgeIntervalMs: number;
  private lastPurge = 0;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 256;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.retentionHours = options.retentionHours ?? 168;
    this.purgeIntervalMs = options.purgeIntervalMs ?? 3_600_000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a commit that wrote to the outbox: publish now rather than at the next poll (inside a unit of work, once it commits). */
  kick(): void {
    this.db.afterCommit(() => {
      this.kicked = true;
      this.wake?.();
    });
  }

  /** Finishes the batch in hand, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes everything pending now; returns how many rows were published. */
  async flush(): Promise<number> {
    let total = 0;
    for (let n = await this.relayBatch(); n > 0; n = await this.relayBatch()) total += n;
    return total;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.kicked = false;
      await this.purgeWhenDue();
      try {
        const published = await this.relayBatch();
        failures = 0;
        if (published === this.batchSize) continue;
      } catch (error) {
        failures++;
        this.logger.warn({ err: error, failures }, "outbox relay could not publish; will retry");
      }
      if (this.kicked && failures === 0) continue;
      await this.sleep(failures ? Math.min(5000, 100 * 2 ** failures) : this.pollIntervalMs);
    }
  }

  private async purgeWhenDue(): Promise<void> {
    if (Date.now() - this.lastPurge < this.purgeIntervalMs) return;
    this.lastPurge = Date.now();
    try {
      const deleted = await purgeOutbox(this.db, this.retentionHours);
      if (deleted > 0) this.logger.info({ deleted, retentionHours: this.retentionHours }, "outbox rows past retention deleted");
    } catch (error) {
      this.logger.warn({ err: error }, "outbox purge failed; will try again later");
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = undefined;
    });
  }

  private relayBatch(): Promise<number> {
    // Marked and locked in one statement, then published: a publish that fails rolls the marks back.
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<OutboxRow>`
        UPDATE outbox SET published_at = now() WHERE id IN (
          SELECT id FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT ${this.batchSize} FOR UPDATE SKIP LOCKED)
        RETURNING id::text AS id, payload, traceparent, seq`;
      rows.sort((a, b) => a.seq - b.seq);
      // Sent in order on one connection; the acks are awaited together.
      await Promise.all(rows.map((row) => this.bus.publish(row.payload, row.traceparent)));
      return rows.length;
    });
  }
}
