import type { DomainEvent } from "@airbnb/events";
import { appendToOutbox, type OutboxRelay } from "./outbox.ts";
import { fragment, type Database, type Fragment, type Sql } from "./sql.ts";

/**
 * The inbox claim: records that `consumer` applies these events, returning the
 * ids it had not applied before (`event_id`); the one shape every consumer
 * claims with, as a statement of its own or a CTE feeding the effect.
 */
export const inboxClaim = (consumer: string, eventIds: readonly string[]): Fragment => fragment`
  INSERT INTO inbox (consumer, event_id) SELECT ${consumer}, unnest(${eventIds}::uuid[])
  ON CONFLICT DO NOTHING RETURNING event_id`;

/**
 * Records that `consumer` applied `eventId`, inside the transaction of the effect.
 * False when it already had: the caller then skips the effect.
 */
export async function claimEvent(tx: Sql, consumer: string, eventId: string): Promise<boolean> {
  return (await tx.execute`${inboxClaim(consumer, [eventId])}`) === 1;
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
