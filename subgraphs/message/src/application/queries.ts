import { requireSignedIn, type Identity } from "@airbnb/kernel";
import type { Message } from "../domain/message.ts";
import type { MessageQueries } from "./ports.ts";

/** Each caller reads only their own messages. */
export class MessageReads {
  constructor(private readonly store: MessageQueries) {}

  myMessages(identity: Identity | null, first: number | null | undefined): Promise<Message[]> {
    const { userId } = requireSignedIn(identity);
    return this.store.messagesOf(userId, Math.min(Math.max(first ?? 50, 1), 200));
  }
}
