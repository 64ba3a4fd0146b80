import { parseEvent, type DomainEvent } from "@airbnb/events";
import type { EventBus } from "@airbnb/nats";

export interface ReplayedEvent {
  seq: number;
  event: DomainEvent;
}

/**
 * Reads the stream in order from its first message through an ephemeral
 * ordered consumer: the durable consumer of the live board is left alone.
 */
export async function openReplay(bus: EventBus) {
  const consumer = await bus.js.consumers.get(bus.names.stream);
  const messages = await consumer.consume();
  const iterator = messages[Symbol.asyncIterator]();
  const counts = { events: 0, unreadable: 0 };
  let position = 0;

  return {
    counts,
    /** Hands `take` every event up to the stream's end as it is now; unreadable messages are counted and skipped. */
    async readToEnd(take: (replayed: ReplayedEvent) => void): Promise<void> {
      const { state } = await bus.jsm.streams.info(bus.names.stream, { deleted_details: true });
      if (state.messages === 0) return;
      // Deleted messages leave gaps: the read ends at the last message still in the stream. (Not at a
      // message saying nothing is pending: that count is as of its delivery, maybe before the stream grew.)
      const deleted = new Set(state.deleted ?? []);
      let end = state.last_seq;
      while (deleted.has(end)) end--;
      while (position < end) {
        const next = await iterator.next();
        if (next.done) throw new Error("the stream replay ended before the end of the stream");
        const msg = next.value;
        position = msg.seq;
        const parsed = parseEvent(msg.string());
        if (parsed.ok) {
          counts.events++;
          take({ seq: msg.seq, event: parsed.event });
        } else {
          counts.unreadable++;
        }
      }
    },
    /** Ends the read; `messages.close()` would wait for an iteration that nobody drives any more. */
    async close(): Promise<void> {
      await iterator.return?.();
      await consumer.delete().catch(() => undefined); // ephemeral anyway: the server would drop it when idle
    },
  };
}
