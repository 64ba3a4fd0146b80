import { forbidden, unauthenticated, unknownCursor, type Identity, type Page } from "@airbnb/kernel";

/** One event as the viewpage's log keeps it: its envelope and the keys that say whose it is. */
export interface LoggedEvent {
  eventId: string;
  type: string;
  source: string;
  occurredAt: Date;
  /** When the viewpage recorded it. */
  recordedAt: Date;
  correlationId: string;
  /** The event or client request that caused it. */
  causationId: string;
  reservationId: string | null;
  roomId: string | null;
  guestId: string | null;
  hostId: string | null;
}

/** A logged event on a reservation's timeline, with how many logged events it caused directly. */
export interface TimelineLine extends LoggedEvent {
  consequences: number;
}

/** One entry of the timeline a person reads. */
export interface TimelineEntry {
  eventId: string;
  type: string;
  source: string;
  occurredAt: Date;
  recordedAt: Date;
  causationId: string;
  /** Milliseconds since the previous entry; null for the first. */
  sincePreviousMs: number | null;
  /** The type of the causing event when it is on the timeline; null when a client request (or a sweep) caused it. */
  causedBy: string | null;
  consequences: number;
}

/**
 * A reservation's saga in the order its events occurred (ties by event id, so
 * the order is the same on every read and pages never overlap), each with the
 * delay since the one before and its cause, when that cause is on the timeline.
 */
export function sagaTimeline(lines: readonly TimelineLine[]): TimelineEntry[] {
  const ordered = [...lines].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  const typeOf = new Map(ordered.map((line) => [line.eventId, line.type]));
  return ordered.map((line, i) => ({
    eventId: line.eventId,
    type: line.type,
    source: line.source,
    occurredAt: line.occurredAt,
    recordedAt: line.recordedAt,
    causationId: line.causationId,
    sincePreviousMs: i === 0 ? null : line.occurredAt.getTime() - ordered[i - 1]!.occurredAt.getTime(),
    causedBy: typeOf.get(line.causationId) ?? null,
    consequences: line.consequences,
  }));
}

/** The entries after `page.after` (an entry's event id), at most `page.first`; an `after` not on the timeline is BAD_USER_INPUT. */
export function timelinePage(entries: readonly TimelineEntry[], page: Page): TimelineEntry[] {
  const start = page.after === null ? 0 : entries.findIndex((entry) => entry.eventId === page.after) + 1;
  if (start === 0 && page.after !== null) throw unknownCursor();
  return entries.slice(start, start + page.first);
}

/**
 * Who may read a reservation's timeline: its guest and the room's host, as the
 * reservation's own events name them; the room's events name the host of a
 * reservation whose events do not (a rejected one). Anonymous callers are
 * UNAUTHENTICATED. A reservation none of whose events has been logged yet
 * (the log lags its sources) has nothing to keep from anyone.
 */
export async function requireTimelineReader(
  identity: Identity | null,
  reservationId: string,
  lines: readonly LoggedEvent[],
  roomHostOf: (roomId: string) => Promise<string | null>,
): Promise<void> {
  if (!identity) throw unauthenticated();
  const own = lines.filter((line) => line.reservationId === reservationId);
  if (own.length === 0 || own.some((line) => line.guestId === identity.userId || line.hostId === identity.userId)) return;
  const roomId = own.find((line) => line.roomId !== null)?.roomId;
  if (roomId && (await roomHostOf(roomId)) === identity.userId) return;
  throw forbidden("only the reservation's guest and the room's host may read its timeline");
}
