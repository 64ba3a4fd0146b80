import { isUuid, requireSignedIn, type Identity } from "@airbnb/kernel";
import type { Message } from "../domain/message.ts";
import type { MessageQueries } from "./ports.ts";

/** Each caller reads only their own messages. */
export class MessageReads {
  constructor(private readonly store: MessageQueries) {}

  myMessages(identity: Identity | null, first: number | null | undefined): Promise<Message[]> {
    const { userId } = requireSignedIn(identity);
    return this.store.messagesOf(userId, Math.min(Math.max(first ?? 50, 1), 200));
  }

  /** A message is its recipient's alone; to anyone else it does not exist. */
  async message(identity: Identity | null, id: string): Promise<Message | null> {
    const { userId } = requireSignedIn(identity);
    const found = isUuid(id) ? await this.store.find(id) : null;
    return found?.recipientId === userId ? found : null;
  }
}
