import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { EventBus } from "./event-bus.ts";

/** What a consumer records per event (consumer.ts); the lag gauges are read from JetStream on each scrape. */
export interface ConsumerMetrics {
  handled(consumer: string, type: string, outcome: "ok" | "retry" | "dead_lettered", seconds: number): void;
  redelivered(consumer: string): void;
  /** An event's first delivery: how long after it occurred it reached the consumer. */
  received(consumer: string, occurredAt: string): void;
  /** Makes `consumer`'s pending and ack-pending counts part of every scrape. */
  watch(consumer: string): void;
}

/**
 * nats_connected and the consumer metrics of one process, on its registry. With
 * `everyDurable` (the router, which is always up) the lag gauges show every
 * durable consumer of the stream, so a context's lag is seen while none of its
 * processes runs; otherwise those of the consumers this process runs.
 */
export function natsMetrics(registry: Registry, bus: EventBus, { everyDurable = false } = {}): ConsumerMetrics {
  const watched = new Set<string>();
  const durables = async (): Promise<Array<{ name: string; num_pending: number; num_ack_pending: number }>> => {
    if (!everyDurable) {
      const infos = await Promise.all([...watched].map((consumer) => bus.jsm.consumers.info(bus.names.stream, consumer).catch(() => undefined)));
      return infos.filter((info) => info !== undefined);
    }
    const all = [];
    for await (const info of bus.jsm.consumers.list(bus.names.stream)) if (info.config.durable_name) all.push(info);
    return all;
  };
  new Gauge({
    name: "nats_connected",
    help: "1 while the process is connected to NATS",
    registers: [registry],
    collect() {
      this.set(bus.connected ? 1 : 0);
    },
  });
  const lag = (name: string, help: string, read: (info: { num_pending: number; num_ack_pending: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["consumer"],
      registers: [registry],
      async collect() {
        // While NATS is away the gauges are absent rather than stale.
        this.reset();
        if (!bus.connected) return;
        for (const info of await durables().catch(() => [])) this.set({ consumer: info.name }, read(info));
      },
    });
  lag("nats_consumer_pending_messages", "Messages in the stream not yet delivered to the durable consumer", (i) => i.num_pending);
  lag("nats_consumer_ack_pending_messages", "Messages delivered to the durable consumer and not yet acknowledged", (i) => i.num_ack_pending);
  const handled = new Counter({ name: "events_handled_total", help: "Events handled, by outcome", labelNames: ["consumer", "type", "outcome"], registers: [registry] });
  const duration = new Histogram({
    name: "event_handling_duration_seconds",
    help: "Time to handle one event (successful or not)",
    labelNames: ["consumer"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });
  const redeliveries = new Counter({ name: "event_redeliveries_total", help: "Deliveries of an event after its first", labelNames: ["consumer"], registers: [registry] });
  const delay = new Histogram({
    name: "event_delay_seconds",
    help: "From an event's occurredAt to its first delivery to the consumer: outbox, relay, JetStream and the consumer's backlog",
    labelNames: ["consumer"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
    registers: [registry],
  });
  const deadLettered = new Counter({ name: "events_dead_lettered_total", help: "Events parked on the dead-letter stream", labelNames: ["consumer"], registers: [registry] });
  return {
    handled(consumer, type, outcome, seconds) {
      handled.inc({ consumer, type, outcome });
      duration.observe({ consumer }, seconds);
      if (outcome === "dead_lettered") deadLettered.inc({ consumer });
    },
    redelivered: (consumer) => redeliveries.inc({ consumer }),
    received: (consumer, occurredAt) => delay.observe({ consumer }, Math.max(0, Date.now() - Date.parse(occurredAt)) / 1000),
    watch: (consumer) => void watched.add(consumer),
  };
}
