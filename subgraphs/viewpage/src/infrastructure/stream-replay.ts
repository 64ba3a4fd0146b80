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
      const { state } = await bus.jsm.streams.info(bus.names.stream);
      if (state.messages === 0) return;
      let pending = state.last_seq - position;
      while (position < state.last_seq && pending > 0) {
        const next = await iterator.next();
        if (next.done) throw new Error("the stream replay ended before the end of the stream");
        const msg = next.value;
        position = msg.seq;
        // Messages deleted from the stream leave gaps: the server's count of what is left ends the read.
        pending = msg.info.pending;
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
