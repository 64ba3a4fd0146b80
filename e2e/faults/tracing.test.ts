import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, gql, waitFor } from "@airbnb/testkit";
import { actor, client, day, startFaultSystem, type FaultSystem } from "./support/fault-system.ts";
import { SPAN_KIND, startOtlpSink, type ReceivedSpan } from "./support/otlp-sink.ts";

// Not a fault: the whole system on its own ports with tracing on, exporting to a receiver in this process.
const BASE = 4660;
const CONSUMERS = ["mileage", "message", "review", "viewpage"];

let sink: Awaited<ReturnType<typeof startOtlpSink>>;
let f: FaultSystem;

beforeAll(async () => {
  sink = await startOtlpSink();
  f = await startFaultSystem("tracing", BASE, () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_BSP_SCHEDULE_DELAY: "100" }));
});

afterAll(async () => {
  await f?.dispose();
  await sink?.close();
});

/** The spans as an indented tree, children in start order (spans of one trace arrive in any order). */
function render(spans: ReceivedSpan[], parent: string | undefined, depth = 0): string[] {
  return spans
    .filter((span) => span.parentSpanId === parent)
    .flatMap((span) => [`${"  ".repeat(depth)}${span.service}: ${span.name}`, ...render(spans, span.spanId, depth + 1)]);
}

describe("one booking, one trace", () => {
  it("follows reserveRoom from the router through reservation, payment, the outbox publishes and every consumer, parent links intact", async () => {
    const api = client(f.routerUrl);
    const host = await actor(["host"]);
    const guest = await actor(["guest"]);
    const room = await api.registerRoom(host, { name: "Traced Hanok" });
    await waitFor(async () => (await f.sql("reservation", "SELECT 1 FROM room_replicas WHERE id = $1::uuid", [room.id])).length === 1, { timeoutMs: 20_000, what: "the room's replica" });

    // The client's own trace context: the router continues it, so the booking's trace is known here.
    const traceId = randomBytes(16).toString("hex");
    const clientSpan = randomBytes(8).toString("hex");
    const reserved = await gql(f.routerUrl, `mutation($input: ReserveRoomInput!) { reserveRoom(input: $input) { id status } }`,
      { input: { roomId: room.id, checkIn: day(30), checkOut: day(32), guests: 1 } },
      { ...bearer(guest.token), traceparent: `00-${traceId}-${clientSpan}-01` });
    expect(reserved.data?.reserveRoom?.status).toBe("CONFIRMED");

    const consumed = (spans: ReceivedSpan[], service: string) => spans.some((span) => span.service === service && span.kind === SPAN_KIND.consumer);
    await waitFor(() => CONSUMERS.every((service) => consumed(sink.trace(traceId), service)), {
      timeoutMs: 30_000, intervalMs: 100, what: `consumer spans of ${CONSUMERS.join(", ")} in the booking's trace`,
    });
    // Spans end (and are exported) after their children: wait until every parent has arrived too.
    const ids = () => new Set(sink.trace(traceId).map((span) => span.spanId));
    await waitFor(() => sink.trace(traceId).every((span) => span.parentSpanId === clientSpan || ids().has(span.parentSpanId!)), { timeoutMs: 10_000, what: "every parent span" });
    const trace = sink.trace(traceId);
    if (process.env.E2E_LOGS === "1") console.log(render(trace, clientSpan).join("\n"));

    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const parentOf = (span: ReceivedSpan) => byId.get(span.parentSpanId!);
    const find = (service: string, name: string | RegExp, kind?: number) =>
      trace.filter((span) => span.service === service && (typeof name === "string" ? span.name === name : name.test(span.name)) && (kind === undefined || span.kind === kind));

    // One root: the router's server span, a child of the client's span; every other span has its parent in the trace.
    const roots = trace.filter((span) => !byId.has(span.parentSpanId!));
    expect(roots.map((span) => [span.service, span.name, span.parentSpanId])).toEqual([["router", "POST /graphql", clientSpan]]);

    // The router: the gateway's plan and its fetch from reservation, sent with traceparent (reservation's server span is its child).
    expect(find("router", "gateway.plan")).toHaveLength(1);
    const [fetch] = find("router", "gateway.fetch").filter((span) => span.attributes.service === "reservation");
    expect(fetch).toBeDefined();
    const [reservationServer] = find("reservation", "POST /graphql", SPAN_KIND.server);
    expect(parentOf(parentOf(reservationServer!)!)).toBe(fetch);

    // Reservation: the resolver, its SQL, and the call to payment, whose handling and SQL are in the trace too.
    const [resolver] = find("reservation", "Mutation.reserveRoom");
    expect(parentOf(resolver!)).toBe(reservationServer);
    expect(find("reservation", "INSERT reservations").some((span) => parentOf(span) === resolver)).toBe(true);
    const [charge] = find("payment", "POST /internal/charge", SPAN_KIND.server);
    expect(parentOf(charge!)?.service).toBe("reservation");
    expect(parentOf(charge!)?.kind).toBe(SPAN_KIND.client);
    expect(find("payment", /^INSERT payments/).some((span) => parentOf(span) === charge)).toBe(true);

    // The outbox relays' publishes are children of the operations that wrote the rows; each consumer's handling a child of a publish.
    const [confirmedPublish] = find("reservation", `publish ${f.prefix}.reservation.confirmed`, SPAN_KIND.producer);
    expect(parentOf(confirmedPublish!)).toBe(resolver);
    for (const service of ["message", "review", "viewpage"]) {
      expect(find(service, `process ${f.prefix}.reservation.confirmed`, SPAN_KIND.consumer).map(parentOf), service).toEqual([confirmedPublish]);
    }
    const [mileage] = find("mileage", /^process /, SPAN_KIND.consumer);
    expect(parentOf(mileage!)?.kind).toBe(SPAN_KIND.producer);
    expect(parentOf(parentOf(mileage!)!)).toBe(charge);
    // A consumer's own SQL is inside its handling.
    for (const service of CONSUMERS) {
      expect(trace.some((span) => span.service === service && span.kind === SPAN_KIND.client && parentOf(span)?.kind === SPAN_KIND.consumer), service).toBe(true);
    }
  });
});
