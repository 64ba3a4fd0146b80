import { it } from "vitest";
import { EventBus, consumerCaughtUp } from "@airbnb/nats";
import { createLogger } from "@airbnb/observability";
import { startTestSubgraph, waitFor } from "@airbnb/testkit";
import type { DomainEvent } from "@airbnb/events";
import { viewpageSubgraph } from "../../src/subgraph.ts";
import { roomEvents } from "./board-events.ts";

it("throughput", async () => {
  const sg = await startTestSubgraph(viewpageSubgraph, "viewpage-tp");
  const bus = await EventBus.connect({ url: "nats://127.0.0.1:4222", name: "tp", stream: sg.env.NATS_STREAM!, prefix: sg.env.NATS_SUBJECT_PREFIX!, logger: createLogger("tp", "error") });
  await bus.jsm.streams.purge(sg.env.NATS_STREAM!);
  await waitFor(() => consumerCaughtUp(bus, "viewpage"));
  const events: DomainEvent[] = [];
  for (let r = 0; r < 300; r++) { const room = roomEvents(); for (let b = 0; b < 10; b++) { const k = room.booking(); events.push(k.confirmed, k.approved, k.earned); } }
  const t0 = Date.now();
  await Promise.all(events.map((e) => bus.publish(e)));
  await waitFor(() => consumerCaughtUp(bus, "viewpage"), { timeoutMs: 120_000, intervalMs: 50 });
  const s = (Date.now() - t0) / 1000;
  console.log(`pool ${process.env.TP_POOL} conc ${process.env.TP_CONC}: ${events.length} events in ${s}s = ${Math.round(events.length / s)} events/s`);
  await sg.stop(); await bus.close();
}, 180_000);
