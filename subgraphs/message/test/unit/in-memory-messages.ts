import type { DomainEvent } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import { NotificationPolicy } from "../../src/application/notification-policy.ts";
import type { Mailbox, MessageStore } from "../../src/application/ports.ts";
import type { Message } from "../../src/domain/message.ts";

/** The message context on in-memory ports: each event applied once (inbox), one message per event and recipient. */
export class InMemoryMessages implements MessageStore {
  readonly messages: Message[] = [];
  readonly published: DomainEvent[] = [];
  readonly roomNames = new Map<string, { name: string; version: number }>();
  private readonly handled = new Set<string>();
  readonly policy: NotificationPolicy;

  constructor(sources: Sources) {
    this.policy = new NotificationPolicy(this, sources);
  }

  async messagesOf(recipientId: string) {
    return this.messages.filter((m) => m.recipientId === recipientId);
  }
  async find(id: string) {
    return this.messages.find((m) => m.id === id) ?? null;
  }
  async recordOnce(cause: DomainEvent, record: (mailbox: Mailbox) => Promise<DomainEvent[]>) {
    if (this.handled.has(cause.id)) return;
    const mailbox: Mailbox = {
      roomName: async (roomId) => this.roomNames.get(roomId)?.name ?? null,
      rememberRoomName: async (roomId, name, version) => {
        if ((this.roomNames.get(roomId)?.version ?? -1) < version) this.roomNames.set(roomId, { name, version });
      },
      deliver: async (messages) => {
        const fresh = messages.filter((message, i) =>
          ![...this.messages, ...messages.slice(0, i)].some((m) => m.eventId === message.eventId && m.recipientId === message.recipientId));
        this.messages.push(...fresh);
        return fresh;
      },
    };
    this.published.push(...(await record(mailbox)));
    this.handled.add(cause.id);
  }
}
