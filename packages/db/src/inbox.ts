import type { DomainEvent } from "@airbnb/events";
import { appendToOutboxOnCommit, type OutboxRelay } from "./outbox.ts";
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
 * Claims a batch of events in one statement: of the ids given, spelled as given,
 * those the consumer had not applied before. The inbox answers uuids in lower
 * case; an id given in two spellings is one event, new under its first only.
 */
export async function claimNew(sql: Sql, consumer: string, eventIds: readonly string[]): Promise<Set<string>> {
  const fresh = new Set((await sql.query<{ eventId: string }>`${inboxClaim(consumer, eventIds)}`).map((row) => row.eventId));
  return new Set(eventIds.filter((id) => fresh.delete(id.toLowerCase())));
}

/** What `claimAhead` found, per unit of work: `consumer\0eventId` → not applied before (and not yet applied in this unit). */
const CLAIMED_AHEAD = {};
const claimKey = (consumer: string, eventId: string) => `${consumer}\u0000${eventId}`;

/**
 * Claims a consumer's batch of events in one statement, inside its unit of work,
 * for `handleOnce` to find: N events, one inbox insert instead of N.
 */
export async function claimAhead(db: Database, consumer: string, eventIds: readonly string[]): Promise<void> {
  const claimed = db.unitScoped(CLAIMED_AHEAD, () => new Map<string, boolean>());
  if (!claimed) return;
  const fresh = await claimNew(db, consumer, eventIds);
  for (const id of eventIds) claimed.set(claimKey(consumer, id), fresh.has(id));
}

/** Whether the event is the consumer's to apply now: claimed ahead in this unit of work (once), or claimed here. */
async function claim(db: Database, tx: Sql, consumer: string, eventId: string): Promise<boolean> {
  const ahead = db.unitScoped(CLAIMED_AHEAD, () => new Map<string, boolean>());
  const fresh = ahead?.get(claimKey(consumer, eventId));
  if (fresh === undefined) return claimEvent(tx, consumer, eventId);
  // A second copy of the event in the same batch finds it applied.
  ahead!.set(claimKey(consumer, eventId), false);
  return fresh;
}

/**
 * Applies an incoming event once in effect: the inbox row, the state change and
 * the events it causes commit together (in a consumer's batch, the events of all
 * its effects in one insert); the relay is kicked after the commit.
 */
export async function handleOnce(
  db: Database,
  relay: OutboxRelay | undefined,
  consumer: string,
  event: DomainEvent,
  effect: (tx: Sql) => Promise<readonly DomainEvent[] | void>,
): Promise<void> {
  // A unit of work of its own when not in one already, so that the outbox rows join its transaction.
  const caused = await db.unitOfWork(() => db.transaction(async (tx) => {
    if (!(await claim(db, tx, consumer, event.id))) return [];
    const events = (await effect(tx)) ?? [];
    await appendToOutboxOnCommit(db, events);
    return events;
  }));
  if (caused.length > 0) relay?.kick();
}
