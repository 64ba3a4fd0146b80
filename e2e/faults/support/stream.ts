import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";

export interface StoredMessage {
  seq: number;
  subject: string;
  msgId: string | undefined;
  headers: Record<string, string>;
  /** The envelope when the payload is JSON, else undefined. */
  event: { id: string; type: string; data: Record<string, any> } | undefined;
}

/** Every message now in the stream, in order, read with an ephemeral ordered consumer. */
export async function readStream(js: JetStreamClient, jsm: JetStreamManager, stream: string): Promise<StoredMessage[]> {
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return [];
  const consumer = await js.consumers.get(stream);
  const messages = await consumer.consume();
  const iterator = messages[Symbol.asyncIterator]();
  const out: StoredMessage[] = [];
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const msg = next.value;
      let event: StoredMessage["event"];
      try {
        event = JSON.parse(msg.string());
      } catch {
        event = undefined;
      }
      const headers: Record<string, string> = {};
      for (const [name, values] of msg.headers ?? []) headers[name] = values.join(",");
      out.push({ seq: msg.seq, subject: msg.subject, msgId: msg.headers?.get("Nats-Msg-Id"), headers, event });
      if (msg.seq >= state.last_seq || msg.info.pending === 0) break;
    }
  } finally {
    // Not messages.close(): it waits for an iteration nobody drives any more (see viewpage's stream-replay).
    await iterator.return?.();
    await consumer.delete().catch(() => undefined);
  }
  return out;
}

/** How many stored messages carry each event id, for events of `type`. */
export function countByEventId(messages: StoredMessage[], type: string, key: (event: NonNullable<StoredMessage["event"]>) => string = (e) => e.id) {
  const counts = new Map<string, number>();
  for (const { event } of messages) if (event?.type === type) counts.set(key(event), (counts.get(key(event)) ?? 0) + 1);
  return counts;
}
