import { isUuid, pageItems, pageOf, requireSignedIn, type Identity } from "@airbnb/kernel";
import type { Message } from "../domain/message.ts";
import type { MessageQueries } from "./ports.ts";

/** Each caller reads only their own messages. */
export class MessageReads {
  constructor(private readonly store: MessageQueries) {}

  async myMessages(identity: Identity | null, page: { first?: number | null; after?: string | null }): Promise<Message[]> {
    const { userId } = requireSignedIn(identity);
    return pageItems(await this.store.messagesOf(userId, pageOf("Query.myMessages", page, 50)));
  }

  /** A message is its recipient's alone; to anyone else it does not exist. */
  async message(identity: Identity | null, id: string): Promise<Message | null> {
    const { userId } = requireSignedIn(identity);
    const found = isUuid(id) ? await this.store.find(id) : null;
    return found?.recipientId === userId ? found : null;
  }
}
