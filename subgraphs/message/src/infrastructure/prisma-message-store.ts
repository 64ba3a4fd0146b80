import { handleOnce, type OutboxRelay } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { Mailbox, MessageStore } from "../application/ports.ts";
import type { Message } from "../domain/message.ts";
import type { Prisma, PrismaClient } from "./generated/prisma/client.ts";

/** The inbox consumer name: the context's, like its durable NATS consumer. */
const CONSUMER = "message";

export class PrismaMessageStore implements MessageStore {
  constructor(private readonly db: PrismaClient, private readonly relay: OutboxRelay) {}

  messagesOf(recipientId: string, first: number): Promise<Message[]> {
    return this.db.message.findMany({ where: { recipientId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: first });
  }

  find(id: string): Promise<Message | null> {
    return this.db.message.findUnique({ where: { id } });
  }

  recordOnce(cause: DomainEvent, record: (mailbox: Mailbox) => Promise<DomainEvent[]>): Promise<void> {
    return handleOnce(this.db, this.relay, CONSUMER, cause, (tx) => record(new PrismaMailbox(tx)));
  }
}

class PrismaMailbox implements Mailbox {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async roomName(roomId: string): Promise<string | null> {
    return (await this.tx.roomName.findUnique({ where: { roomId } }))?.name ?? null;
  }

  /** One statement, so replicas applying changes of one room at once cannot let an older one win. */
  async rememberRoomName(roomId: string, name: string, version: number): Promise<void> {
    await this.tx.$executeRaw`
      INSERT INTO room_names (room_id, name, version) VALUES (${roomId}, ${name}, ${version})
      ON CONFLICT (room_id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version
      WHERE room_names.version < EXCLUDED.version`;
  }

  /** ON CONFLICT DO NOTHING: a violation would abort the whole transaction, inbox row included. */
  async add(message: Message): Promise<boolean> {
    const { count } = await this.tx.message.createMany({ data: [message], skipDuplicates: true });
    return count === 1;
  }
}
