import type { JsMsg } from "@nats-io/jetstream";
import { tracingEnabled, withConsumerSpan } from "@airbnb/observability";

/**
 * One event's handling by one consumer, as a span of the trace that published it: its
 * parent is the publish span named by the message's `traceparent` header. Events a
 * consumer applies together (one transaction) still get a span each.
 */
export function withEventSpan<T>(msg: JsMsg, consumer: string, eventId: string, work: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return work();
  const attributes = {
    "messaging.system": "nats",
    "messaging.operation.type": "process",
    "messaging.destination.name": msg.subject,
    "messaging.consumer.group.name": consumer,
    "messaging.message.id": eventId,
    "messaging.message.delivery_count": msg.info.deliveryCount,
  };
  return withConsumerSpan(msg.headers?.get("traceparent") || undefined, `process ${msg.subject}`, attributes, work);
}
