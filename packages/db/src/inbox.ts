import type { DomainEvent } from "@airbnb/events";
import { appendToOutbox, type OutboxRelay } from "./outbox.ts";
import type { Database, Sql } from "./sql.ts";

/**
 * Records that `consumer` applied `eventId`, inside the transaction of the effect.
 * False when it already had: the caller then skips the effect.
 */
export async function claimEvent(tx: Sql, consumer: string, eventId: string): Promise<boolean> {
  const inserted = await tx.execute`
    INSERT INTO inbox (consumer, event_id) VALUES (${consumer}, ${eventId}::uuid) ON CONFLICT DO NOTHING`;
  return inserted === 1;
}

/**
 * Applies an incoming event once in effect: the inbox row, the state change and
 * the events it causes commit together; the relay is kicked after the commit.
 */
export async function handleOnce(
  db: Database,
  relay: OutboxRelay | undefined,
  consumer: string,
  event: DomainEvent,
  effect: (tx: Sql) => Promise<readonly DomainEvent[] | void>,
): Promise<void> {
  const caused = await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, consumer, event.id))) return [];
    const events = (await effect(tx)) ?? [];
    await appendToOutbox(tx, events);
    return events;
  });
  if (caused.length > 0) relay?.kick();
}
