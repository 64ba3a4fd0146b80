import pg from "pg";
import { pgConnectionFields } from "@airbnb/config";

export interface RepublishRange {
  /** Rows created at or after this instant. */
  since: Date;
  /** Rows created before this instant; now when omitted. */
  until?: Date;
}

/**
 * Marks the outbox rows of a range unpublished again, so the context's running
 * relay publishes them once more (same event ids). Inside the stream's
 * duplicate window the stream drops them by `Nats-Msg-Id`; beyond it the
 * consumers' inboxes do. Only rows still kept (see OUTBOX_RETENTION_HOURS) can be republished.
 * Returns how many rows were marked.
 */
export async function republishOutbox(databaseUrl: string, range: RepublishRange): Promise<number> {
  const client = new pg.Client(pgConnectionFields(databaseUrl));
  await client.connect();
  try {
    const result = await client.query(
      `UPDATE outbox SET published_at = NULL
       WHERE published_at IS NOT NULL AND created_at >= $1 AND created_at < $2`,
      [range.since, range.until ?? new Date()],
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}
