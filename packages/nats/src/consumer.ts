import { nanos } from "@nats-io/transport-node";
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from "@nats-io/jetstream";
import { handlerOf, ignore, orderingKeyOf, parseEvent, type DeliveredBy, type DomainEvent, type EventHandlers, type HandlerTable } from "@airbnb/events";
import type { EventBus } from "./event-bus.ts";
import { KeyedLimiter } from "./keyed-limiter.ts";
import type { ConsumerMetrics } from "./metrics.ts";
import { withEventSpan } from "./event-span.ts";

/**
 * How a consumer orders its events: by the key the catalog names for each type
 * (a reservation's events by reservation, a room's by room), or by the room
 * every event it handles names, for a read model kept per room (the events
 * it ignores and that name no room keep their catalog key).
 */
export type Ordering = "catalog" | "room";

/** The events of one consumer: what its filter delivers, each handled or ignored. Made by `eventConsumer`, which checks it. */
export interface EventConsumer {
  /** Subjects below the prefix, e.g. "room.>"; ">" for all events. */
  filter: string;
  handlers: HandlerTable;
  /** "catalog" when omitted. */
  ordering?: Ordering;
}

/**
 * A consumer whose handlers the compiler holds to its filter: every event type
 * the filter can deliver (from the catalog's subjects) has a handler or `ignore`.
 */
export function eventConsumer<const Filter extends string = ">">(spec: {
  filter?: Filter;
  handlers: EventHandlers<DeliveredBy<Filter>>;
  ordering?: Ordering;
}): EventConsumer {
  return { filter: spec.filter ?? ">", handlers: spec.handlers as HandlerTable, ordering: spec.ordering ?? "catalog" };
}

export interface ConsumerOptions extends EventConsumer {
  /** The consuming context: the durable consumer's name, shared by its replicas. */
  context: string;
  /** Events handled at once; events with one key are always handled in stream order. */
  concurrency?: number;
  /** Deliveries before a failing event is parked on the dead-letter subject. */
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Where outcomes, durations and redeliveries are counted (the process's /metrics). */
  metrics?: ConsumerMetrics;
}

const roomOf = (event: DomainEvent): string | null => ("roomId" in event.data && event.data.roomId) || null;

export interface RunningConsumer {
  /** Stops pulling, lets in-flight events finish and acknowledges them. */
  stop(): Promise<void>;
}

/** A durable pull consumer with explicit acks, bounded concurrency, backoff and dead-lettering. */
export async function startConsumer(bus: EventBus, options: ConsumerOptions): Promise<RunningConsumer> {
  const { stream, prefix } = bus.names;
  const maxDeliver = options.maxDeliver ?? 8;
  const config = {
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    max_ack_pending: 1000,
  };
  const filter = `${prefix}.${options.filter}`;
  const existing = await bus.jsm.consumers.info(stream, options.context).catch(() => null);
  if (existing && existing.config.filter_subject !== filter) {
    // A context that comes to listen to other events starts over from the stream's first event:
    // NATS 2.9 accepts a new filter on a durable but goes on delivering by the old one (measured),
    // and a widened filter must also see the events it skipped before. The inbox makes the replay
    // apply only what this context has not applied yet.
    bus.logger.warn({ consumer: options.context, from: existing.config.filter_subject, to: filter }, "consumer filter changed: replaying the stream");
    await bus.jsm.consumers.delete(stream, options.context).catch(() => false);
  }
  if (existing && existing.config.filter_subject === filter) {
    await bus.jsm.consumers.update(stream, options.context, config);
  } else {
    await bus.jsm.consumers
      .add(stream, { ...config, durable_name: options.context, deliver_policy: DeliverPolicy.All, filter_subject: filter })
      .catch(() => bus.jsm.consumers.info(stream, options.context));
  }

  const consumer = await bus.js.consumers.get(stream, options.context);
  const limiter = new KeyedLimiter(options.concurrency ?? 16);
  const log = bus.logger.child({ consumer: options.context });
  const keyOf = options.ordering === "room" ? (event: DomainEvent) => roomOf(event) ?? orderingKeyOf(event) : orderingKeyOf;
  const metrics = options.metrics;
  metrics?.watch(options.context);

  const handleOne = (msg: JsMsg): Promise<void> => {
    const parsed = parseEvent(msg.string());
    if (!parsed.ok) {
      return limiter.run(`unreadable:${msg.seq}`, async () => {
        log.error({ subject: msg.subject, seq: msg.seq, reason: parsed.reason }, "unreadable event dead-lettered");
        await bus.deadLetter(options.context, msg.data, parsed.reason, msg);
        msg.ack();
        metrics?.handled(options.context, "unreadable", "dead_lettered", 0);
      });
    }
    const { event } = parsed;
    if (msg.info.deliveryCount > 1) metrics?.redelivered(options.context);
    else metrics?.received(options.context, event.occurredAt);
    const handler = handlerOf(options.handlers, event);
    if (handler === ignore) {
      // Nothing to order: the slot taken for it is given back at once.
      return limiter.run(`ignored:${msg.seq}`, async () => {
        msg.ack();
        metrics?.handled(options.context, event.type, "ok", 0);
      });
    }
    return limiter.run(keyOf(event), async () => {
      const started = performance.now();
      const done = (outcome: "ok" | "retry" | "dead_lettered") => metrics?.handled(options.context, event.type, outcome, (performance.now() - started) / 1000);
      try {
        // A type the table does not name came through a filter the compiler could not check: it is parked, never dropped.
        if (!handler) throw new Error(`${options.context} has no handler for ${event.type}`);
        await withEventSpan(msg, options.context, event.id, () => handler(event));
        msg.ack();
        done("ok");
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (msg.info.deliveryCount >= maxDeliver) {
          log.error({ eventId: event.id, type: event.type, reason }, "event failed too often: dead-lettered");
          await bus.deadLetter(options.context, msg.data, reason, msg);
          msg.ack();
          done("dead_lettered");
        } else {
          log.warn({ eventId: event.id, type: event.type, reason, delivery: msg.info.deliveryCount }, "event failed: will retry");
          msg.nak(Math.min(30_000, 200 * 2 ** msg.info.deliveryCount));
          done("retry");
        }
      }
    });
  };

  let messages: ConsumerMessages | undefined;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        messages = await consumer.consume({ max_messages: 256 });
        for await (const msg of messages) {
          await limiter.slot();
          void handleOne(msg).catch((error) => log.error({ err: error, seq: msg.seq }, "event handling crashed"));
        }
      } catch (error) {
        if (!stopped) log.warn({ err: error }, "consumer interrupted; resuming");
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();

  return {
    async stop() {
      stopped = true;
      await messages?.close();
      await loop;
      await limiter.idle();
    },
  };
}
