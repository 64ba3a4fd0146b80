import type { Database } from "@airbnb/db";
import type { EventLog, NewLoggedEvent } from "../application/saga-timeline.ts";
import type { TimelineLine } from "../domain/saga-timeline.ts";

/** The viewpage's log of every event (table event_log), behind Reservation.timeline. */
export class SqlEventLog implements EventLog {
  constructor(private readonly db: Database) {}

  /** A consumer's batch logs its events in one insert, at the end of its transaction. */
  record(event: NewLoggedEvent): Promise<void> {
    return this.db.batched(this.recordAll, [event]);
  }

  /** Keyed by the event's id: a redelivered event writes nothing, so the log needs no inbox of its own. Returns the rows written. */
  readonly recordAll = (events: readonly NewLoggedEvent[]): Promise<number> => {
    const column = <K extends keyof NewLoggedEvent>(key: K) => events.map((event) => event[key]);
    return this.db.execute`
      INSERT INTO event_log (event_id, type, source, occurred_at, correlation_id, causation_id, reservation_id, room_id, guest_id, host_id)
      SELECT * FROM unnest(
        ${column("eventId")}::uuid[], ${column("type")}::text[], ${column("source")}::text[], ${column("occurredAt")}::timestamptz[],
        ${column("correlationId")}::text[], ${column("causationId")}::text[], ${column("reservationId")}::text[], ${column("roomId")}::text[],
        ${column("guestId")}::text[], ${column("hostId")}::text[])
      ON CONFLICT (event_id) DO NOTHING`;
  };

  /**
   * One statement: the reservation's events, the logged events that caused one
   * of them from outside it (only a causation that is an event id can name one:
   * request ids are no uuid of the log, and a sweep's are no uuid at all), and
   * per line the events that name it as their cause (index on causation_id).
   */
  linesOf(reservationId: string): Promise<TimelineLine[]> {
    return this.db.query<TimelineLine>`
      WITH own AS (SELECT * FROM event_log WHERE reservation_id = ${reservationId}),
      causes AS (
        SELECT c.* FROM event_log c
        WHERE c.event_id IN (
          SELECT CASE WHEN causation_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN causation_id::uuid END FROM own)
          AND c.reservation_id IS DISTINCT FROM ${reservationId}),
      lines AS (SELECT * FROM own UNION ALL SELECT * FROM causes)
      SELECT l.*, (SELECT count(*) FROM event_log x WHERE x.causation_id = l.event_id::text)::int AS consequences
      FROM lines l`;
  }

  async hostOf(roomId: string): Promise<string | null> {
    const [row] = await this.db.query<{ hostId: string }>`
      SELECT host_id FROM event_log WHERE room_id = ${roomId} AND reservation_id IS NULL AND host_id IS NOT NULL LIMIT 1`;
    return row?.hostId ?? null;
  }
}
