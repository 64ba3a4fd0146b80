import type { Page } from "@airbnb/kernel";
import { handleOnce, type Database, type OutboxRelay, type Sql } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { Mailbox, MessageStore } from "../application/ports.ts";
import type { Message } from "../domain/message.ts";

/** The inbox consumer name: the context's, like its durable NATS consumer. */
const CONSUMER = "message";

export class SqlMessageStore implements MessageStore {
  constructor(private readonly db: Database, private readonly relay: OutboxRelay) {}

  // Keyset pages: (created_at, id) is a total order, so a page never repeats or skips a row.
  async messagesOf(recipientId: string, { first, after }: Page): Promise<Message[] | null> {
    const rows = await this.db.query<Message>`
      SELECT id, event_id, recipient_id, kind, reservation_id, room_id, text, created_at FROM messages
      WHERE recipient_id = ${recipientId}
        AND (${after}::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM messages WHERE id = ${after}::uuid))
      ORDER BY created_at DESC, id DESC LIMIT ${first}`;
    if (after === null || rows.length > 0) return rows;
    const [cursor] = await this.db.query`SELECT 1 FROM messages WHERE id = ${after}::uuid AND recipient_id = ${recipientId}`;
    return cursor ? rows : null;
  }

  async find(id: string): Promise<Message | null> {
    const [message] = await this.db.query<Message>`
      SELECT id, event_id, recipient_id, kind, reservation_id, room_id, text, created_at FROM messages WHERE id = ${id}::uuid`;
    return message ?? null;
  }

  recordOnce(cause: DomainEvent, record: (mailbox: Mailbox) => Promise<DomainEvent[]>): Promise<void> {
    return handleOnce(this.db, this.relay, CONSUMER, cause, (tx) => record(new SqlMailbox(tx)));
  }
}

class SqlMailbox implements Mailbox {
  constructor(private readonly tx: Sql) {}

  async roomName(roomId: string): Promise<string | null> {
    const [room] = await this.tx.query<{ name: string }>`SELECT name FROM room_names WHERE room_id = ${roomId}`;
    return room?.name ?? null;
  }

  /** One statement, so replicas applying changes of one room at once cannot let an older one win. */
  async rememberRoomName(roomId: string, name: string, version: number): Promise<void> {
    await this.tx.execute`
      INSERT INTO room_names (room_id, name, version) VALUES (${roomId}, ${name}, ${version})
      ON CONFLICT (room_id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version
      WHERE room_names.version < EXCLUDED.version`;
  }

  /** One statement for all of them; ON CONFLICT DO NOTHING: a violation would abort the whole transaction, inbox row included. */
  async deliver(messages: readonly Message[]): Promise<Message[]> {
    if (messages.length === 0) return [];
    const column = <K extends keyof Message>(key: K) => messages.map((message) => message[key]);
    const written = await this.tx.query<{ id: string }>`
      INSERT INTO messages (id, event_id, recipient_id, kind, reservation_id, room_id, text, created_at)
      SELECT * FROM unnest(${column("id")}::uuid[], ${column("eventId")}::uuid[], ${column("recipientId")}::text[],
        ${column("kind")}::"MessageKind"[], ${column("reservationId")}::text[], ${column("roomId")}::text[], ${column("text")}::text[],
        ${column("createdAt")}::timestamptz[])
      ON CONFLICT DO NOTHING RETURNING id`;
    const ids = new Set(written.map(({ id }) => id));
    return messages.filter((message) => ids.has(message.id));
  }
}
