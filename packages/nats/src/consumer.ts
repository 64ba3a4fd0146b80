import { nanos } from "@nats-io/transport-node";
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from "@nats-io/jetstream";
import { handlerOf, ignore, orderingKeyOf, parseEvent, type DeliveredBy, type DomainEvent, type EventHandlers, type HandlerTable } from "@airbnb/events";
import type { EventBus } from "./event-bus.ts";
import { withEventSpan } from "./event-span.ts";
import type { ConsumerMetrics } from "./metrics.ts";

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
  /** Its handlers apply each event once through the context's inbox (`handleOnce`): a batch claims its events in one statement. */
  inbox?: boolean;
}

/**
 * A consumer whose handlers the compiler holds to its filter: every event type
 * the filter can deliver (from the catalog's subjects) has a handler or `ignore`.
 */
export function eventConsumer<const Filter extends string = ">">(spec: {
  filter?: Filter;
  handlers: EventHandlers<DeliveredBy<Filter>>;
  ordering?: Ordering;
  inbox?: boolean;
}): EventConsumer {
  return { filter: spec.filter ?? ">", handlers: spec.handlers as HandlerTable, ordering: spec.ordering ?? "catalog", inbox: spec.inbox ?? false };
}

export interface ConsumerOptions extends EventConsumer {
  /** The consuming context: the durable consumer's name, shared by its replicas. */
  context: string;
  /**
   * Transactions a batch is applied in at once: at most this many (4 by default), one per 16 of
   * its events. Its events are shared out by ordering key, so one key's events are applied in
   * stream order, in one transaction.
   */
  concurrency?: number;
  /**
   * Runs a lane of a batch as one transaction that its handlers' statements join (the context's
   * `db.unitOfWork`): N events, one commit. Without it each handler commits on its own.
   */
  unitOfWork?: <R>(work: () => Promise<R>) => Promise<R>;
  /** Claims a lane's events in the inbox at once, inside its unit of work (for consumers with `inbox`). */
  claimAhead?: (eventIds: string[]) => Promise<void>;
  /** Deliveries before a failing event is parked on the dead-letter subject. */
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Where outcomes, durations and redeliveries are counted (the process's /metrics). */
  metrics?: ConsumerMetrics;
}

/** Events applied in one batch at most. */
const MAX_BATCH = 256;

/**
 * Events a batch has per lane before it is split into another: each lane is a transaction, and
 * each commit a WAL flush, which costs more than applying a few events one after another.
 */
const EVENTS_PER_LANE = 16;

const roomOf = (event: DomainEvent): string | null => ("roomId" in event.data && event.data.roomId) || null;

export interface RunningConsumer {
  /** Stops pulling, lets in-flight events finish and acknowledges them. */
  stop(): Promise<void>;
}

/**
 * A durable pull consumer with explicit acks, backoff and dead-lettering that
 * applies what has arrived as a batch: shared out by ordering key into a few
 * lanes, each lane's events in stream order in one transaction, then each
 * message acknowledged (only after that commit). A lane that fails is rolled
 * back and applied again one event at a time, so a failing event is retried or
 * dead-lettered on its own and never holds the others back.
 */
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
  const lanes = options.concurrency ?? 4;
  const unitOfWork = options.unitOfWork ?? (<R>(work: () => Promise<R>) => work());
  const log = bus.logger.child({ consumer: options.context });
  const keyOf = options.ordering === "room" ? (event: DomainEvent) => roomOf(event) ?? orderingKeyOf(event) : orderingKeyOf;
  const metrics = options.metrics;
  metrics?.watch(options.context);

  interface Delivery {
    msg: JsMsg;
    event: DomainEvent;
    handler: (event: DomainEvent) => Promise<void>;
  }

  /** One event on its own, as after its lane failed: acknowledged, retried later or dead-lettered. */
  const applyAlone = async ({ msg, event, handler }: Delivery): Promise<void> => {
    const started = performance.now();
    const done = (outcome: "ok" | "retry" | "dead_lettered") => metrics?.handled(options.context, event.type, outcome, (performance.now() - started) / 1000);
    try {
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
  };

  const applyLane = async (lane: Delivery[]): Promise<void> => {
    const started = performance.now();
    try {
      await unitOfWork(async () => {
        if (lane.length > 1) await options.claimAhead?.(lane.map(({ event }) => event.id));
        for (const { msg, event, handler } of lane) await withEventSpan(msg, options.context, event.id, () => handler(event));
      });
    } catch (error) {
      if (lane.length === 1) return applyAlone(lane[0]!);
      log.info({ err: error, events: lane.length }, "a batch failed: applying its events one at a time");
      for (const delivery of lane) await applyAlone(delivery);
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    for (const { msg, event } of lane) {
      msg.ack();
      metrics?.handled(options.context, event.type, "ok", seconds);
    }
  };

  const applyBatch = async (batch: JsMsg[]): Promise<void> => {
    const lanesOfBatch = Math.min(lanes, Math.ceil(batch.length / EVENTS_PER_LANE));
    const laneOfKey = new Map<string, Delivery[]>();
    const byLane: Delivery[][] = [];
    for (const msg of batch) {
      const parsed = parseEvent(msg.string());
      if (!parsed.ok) {
        log.error({ subject: msg.subject, seq: msg.seq, reason: parsed.reason }, "unreadable event dead-lettered");
        await bus.deadLetter(options.context, msg.data, parsed.reason, msg);
        msg.ack();
        metrics?.handled(options.context, "unreadable", "dead_lettered", 0);
        continue;
      }
      const { event } = parsed;
      if (msg.info.deliveryCount > 1) metrics?.redelivered(options.context);
      else metrics?.received(options.context, event.occurredAt);
      const found = handlerOf(options.handlers, event);
      if (found === ignore) {
        msg.ack();
        metrics?.handled(options.context, event.type, "ok", 0);
        continue;
      }
      // A type the table does not name came through a filter the compiler could not check: it is parked, never dropped.
      const handler = found ?? (() => Promise.reject(new Error(`${options.context} has no handler for ${event.type}`)));
      const key = keyOf(event);
      let lane = laneOfKey.get(key);
      if (!lane) {
        lane = byLane.length < lanesOfBatch ? [] : byLane[laneOfKey.size % lanesOfBatch]!;
        if (byLane.length < lanesOfBatch) byLane.push(lane);
        laneOfKey.set(key, lane);
      }
      lane.push({ msg, event, handler });
    }
    await Promise.all(byLane.map(applyLane));
  };

  // The iterator only fills `arrived`; the worker applies whatever has arrived as one batch. (The
  // iterator's getPending() cannot say "nothing more right now": nats-core counts a status callback
  // queued ahead of messages as one message in flight for good, which held batches back for ever.)
  // `arrived` is bounded by the consumer's max_ack_pending.
  const arrived: JsMsg[] = [];
  let wakeWorker: (() => void) | undefined;
  let messages: ConsumerMessages | undefined;
  let stopped = false;
  const pulling = (async () => {
    while (!stopped) {
      try {
        messages = await consumer.consume({ max_messages: 2 * MAX_BATCH });
        for await (const msg of messages) {
          arrived.push(msg);
          wakeWorker?.();
        }
      } catch (error) {
        if (!stopped) log.warn({ err: error }, "consumer interrupted; resuming");
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  const applying = (async () => {
    while (!stopped) {
      if (arrived.length === 0) {
        await new Promise<void>((resolve) => (wakeWorker = resolve));
        continue;
      }
      const batch = arrived.splice(0, MAX_BATCH);
      await applyBatch(batch).catch((error) => log.error({ err: error, events: batch.length }, "event handling crashed"));
    }
  })();

  return {
    async stop() {
      stopped = true;
      await messages?.close();
      wakeWorker?.();
      await Promise.all([pulling, applying]);
      // Not started here: handed back at once, for another replica or the next start.
      for (const msg of arrived.splice(0)) msg.nak();
    },
  };
}
