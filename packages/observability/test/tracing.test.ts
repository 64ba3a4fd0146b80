import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import {
  currentTraceparent, startTracing, tracingEnabled, withChildSpan, withConsumerSpan, withProducerSpan, withServerSpan, withSpan, SpanKind, type Tracing,
} from "../src/tracing.ts";

const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";
const callerTraceparent = `00-${CALLER_TRACE}-${CALLER_SPAN}-01`;
const parse = (traceparent: string) => {
  const [, traceId, spanId] = traceparent.split("-");
  return { traceId, spanId };
};

describe("tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)", () => {
  it("registers nothing and runs the work as it is", async () => {
    const tracing = await startTracing("test", undefined);
    expect(tracingEnabled()).toBe(false);
    expect(await withServerSpan({ traceparent: callerTraceparent }, "POST /graphql", {}, async () => currentTraceparent())).toBeNull();
    expect(await withSpan("s", {}, async () => 42)).toBe(42);
    await tracing.shutdown();
  });

  it("still hands a stored traceparent on to the message, so a traced consumer continues that trace", async () => {
    expect(await withProducerSpan(callerTraceparent, "publish x", {}, async (headers) => headers)).toEqual({ traceparent: callerTraceparent });
  });
});

describe("tracing on", () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  beforeAll(async () => {
    tracing = await startTracing("test", exporter);
  });
  afterAll(() => tracing.shutdown());
  beforeEach(() => exporter.reset());
  const spans = async () => {
    await tracing.flush();
    return exporter.getFinishedSpans();
  };
  const byName = (all: ReadableSpan[], name: string) => all.find((span) => span.name === name)!;

  it("continues the caller's trace from its traceparent header and nests the work's spans", async () => {
    const stored = await withServerSpan({ traceparent: callerTraceparent }, "POST /graphql", {}, () =>
      withSpan("Mutation.reserveRoom", {}, () => withChildSpan("INSERT outbox", SpanKind.CLIENT, {}, async () => currentTraceparent())),
    );
    const all = await spans();
    const server = byName(all, "POST /graphql");
    const resolver = byName(all, "Mutation.reserveRoom");
    const sql = byName(all, "INSERT outbox");
    expect(server.spanContext().traceId).toBe(CALLER_TRACE);
    expect(server.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(resolver.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(sql.parentSpanContext?.spanId).toBe(resolver.spanContext().spanId);
    expect(parse(stored!)).toEqual({ traceId: CALLER_TRACE, spanId: sql.spanContext().spanId });
  });

  it("makes no span for work outside any traced operation (a background poll's SQL)", async () => {
    expect(await withChildSpan("SELECT outbox", SpanKind.CLIENT, {}, async () => "polled")).toBe("polled");
    expect(await spans()).toEqual([]);
  });

  it("publishes as a child of the stored operation, and the consumer's span is a child of the publish", async () => {
    const headers = await withProducerSpan(callerTraceparent, "publish airbnb.reservation.confirmed", {}, async (h) => h);
    await withConsumerSpan(headers.traceparent, "process airbnb.reservation.confirmed", {}, async () => undefined);
    const all = await spans();
    const publish = byName(all, "publish airbnb.reservation.confirmed");
    const consume = byName(all, "process airbnb.reservation.confirmed");
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(publish.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(parse(headers.traceparent!)).toEqual({ traceId: CALLER_TRACE, spanId: publish.spanContext().spanId });
    expect(consume.kind).toBe(SpanKind.CONSUMER);
    expect(consume.spanContext().traceId).toBe(CALLER_TRACE);
    expect(consume.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
  });

  it("starts a trace of its own for a message without a traceparent", async () => {
    await withConsumerSpan(undefined, "process x", {}, async () => undefined);
    const [consume] = await spans();
    expect(consume!.parentSpanContext).toBeUndefined();
    expect(consume!.spanContext().traceId).not.toBe(CALLER_TRACE);
  });

  it("records a failure on the span and rethrows it", async () => {
    await expect(withSpan("failing", {}, async () => Promise.reject(new Error("payment declined")))).rejects.toThrow("payment declined");
    const [failing] = await spans();
    expect(failing!.status).toEqual({ code: 2, message: "payment declined" });
    expect(failing!.events.map((event) => event.name)).toEqual(["exception"]);
  });
});
