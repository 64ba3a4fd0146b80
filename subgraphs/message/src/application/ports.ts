import type { DomainEvent } from "@airbnb/events";
import type { Page } from "@airbnb/kernel";
import type { Message } from "../domain/message.ts";

export interface MessageQueries {
  /** Newest first. */
  /** null when `page.after` is no message of the recipient. */
  messagesOf(recipientId: string, page: Page): Promise<Message[] | null>;
  find(id: string): Promise<Message | null>;
}

/** The mailbox and the room-name replica inside one transaction. */
export interface Mailbox {
  roomName(roomId: string): Promise<string | null>;
  /** Keeps the name only if `version` is newer than the one held: late or repeated changes do nothing. */
  rememberRoomName(roomId: string, name: string, version: number): Promise<void>;
  /** Writes the messages, but none to a recipient this event already sent one; returns those written. */
  deliver(messages: readonly Message[]): Promise<Message[]>;
}

export interface MessageStore extends MessageQueries {
  /**
   * Applies an incoming event once: `record` runs in one transaction with the
   * inbox row and the events it returns (outbox); a redelivery does nothing.
   */
  recordOnce(cause: DomainEvent, record: (mailbox: Mailbox) => Promise<DomainEvent[]>): Promise<void>;
}
