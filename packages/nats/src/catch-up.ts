import type { EventBus } from "./event-bus.ts";

/** True when the context's durable consumer has nothing left to deliver or to acknowledge. */
export async function consumerCaughtUp(bus: EventBus, context: string): Promise<boolean> {
  const info = await bus.jsm.consumers.info(bus.names.stream, context);
  return info.num_pending === 0 && info.num_ack_pending === 0;
}

/**
 * Read-your-writes for a replica kept from events: looks the thing up and, on
 * a miss, keeps looking while the context's consumer still has events to apply
 * (the change may be in flight from another context), up to `timeoutMs`.
 * A miss after the consumer has caught up (and a grace for the publisher's
 * relay, which publishes moments after its commit: a second covers a loaded
 * machine, and only a lookup of something that does not exist waits it out)
 * is a real miss.
 */
export async function awaitReplica<T>(
  bus: EventBus,
  context: string,
  lookup: () => Promise<T | null>,
  { timeoutMs = 3000, graceMs = 1000 } = {},
): Promise<T | null> {
  const started = Date.now();
  for (;;) {
    const found = await lookup();
    if (found !== null) return found;
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutMs) return null;
    if (elapsed >= graceMs && bus.connected && (await consumerCaughtUp(bus, context).catch(() => false))) return null;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
