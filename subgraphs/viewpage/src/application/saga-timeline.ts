import type { DomainEvent } from "@airbnb/events";
import { pageOf, type Identity } from "@airbnb/kernel";
import { requireTimelineReader, sagaTimeline, timelinePage, type LoggedEvent, type TimelineEntry, type TimelineLine } from "../domain/saga-timeline.ts";

export type NewLoggedEvent = Omit<LoggedEvent, "recordedAt">;

export interface EventLog {
  /** Records the event once, however often it is delivered. */
  record(event: NewLoggedEvent): Promise<void>;
  /**
   * The reservation's events, and the events outside it that caused one of them
   * (the RoomDeleted of a delisting), each with the number of logged events it caused.
   */
  linesOf(reservationId: string): Promise<TimelineLine[]>;
  /** The room's host as its room events name it; null before one arrived. */
  hostOf(roomId: string): Promise<string | null>;
}

const keyOf = (data: object, key: string): string | null => {
  const value = (data as Record<string, unknown>)[key];
  return typeof value === "string" ? value : null;
};

/** An event as the log keeps it: every event, with whichever of the keys it carries. */
export const loggedEventOf = (event: DomainEvent): NewLoggedEvent => ({
  eventId: event.id,
  type: event.type,
  source: event.source,
  occurredAt: new Date(event.occurredAt),
  correlationId: event.correlationId,
  causationId: event.causationId,
  reservationId: keyOf(event.data, "reservationId"),
  roomId: keyOf(event.data, "roomId"),
  guestId: keyOf(event.data, "guestId"),
  hostId: keyOf(event.data, "hostId"),
});

/** Reads of a reservation's saga, for its guest and the room's host. */
export class TimelineReads {
  constructor(private readonly log: EventLog) {}

  /** One page of the reservation's timeline. */
  async timeline(identity: Identity | null, reservationId: string, args: { first?: number | null; after?: string | null }): Promise<TimelineEntry[]> {
    const page = pageOf("Reservation.timeline", args, 50);
    const lines = await this.log.linesOf(reservationId);
    await requireTimelineReader(identity, reservationId, lines, (roomId) => this.log.hostOf(roomId));
    return timelinePage(sagaTimeline(lines), page);
  }
}
