import { DeliverPolicy, type ConsumerMessages } from "@nats-io/jetstream";
import { parseEvent } from "@airbnb/events";
import type { EventBus } from "@airbnb/nats";
import { roomTopic, touchesOf, type Touch } from "./topics.ts";

export interface LiveFeed {
  stop(): Promise<void>;
}

/**
 * The one feed of this router instance: an ordered, ephemeral JetStream
 * consumer of new events (never one per client) plus the core-NATS notices
 * read models send when they change (the board), fanned out in memory.
 */
export async function startLiveFeed(bus: EventBus, onTouch: (touch: Touch) => void): Promise<LiveFeed> {
  const consumer = await bus.js.consumers.get(bus.names.stream, {
    deliver_policy: DeliverPolicy.New,
    filter_subjects: `${bus.names.prefix}.>`,
  });
  let messages: ConsumerMessages | undefined;
  let stopped = false;
  const events = (async () => {
    while (!stopped) {
      try {
        messages = await consumer.consume();
        for await (const msg of messages) {
          const parsed = parseEvent(msg.string());
          if (parsed.ok) for (const touch of touchesOf(parsed.event)) onTouch(touch);
        }
      } catch (error) {
        if (!stopped) bus.logger.warn({ err: error }, "live feed interrupted; resuming");
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();

  const notices = bus.onNotice("BoardRowChanged", ({ roomId }) => onTouch({ topic: roomTopic(roomId), entityId: roomId }));

  return {
    async stop() {
      stopped = true;
      notices.unsubscribe();
      await messages?.close();
      await events;
    },
  };
}
