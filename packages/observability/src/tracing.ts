import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type TextMapGetter } from "@opentelemetry/api";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";

export { SpanKind, type Attributes };

/**
 * Tracing is on in a process whose OTEL_EXPORTER_OTLP_ENDPOINT is set. Off, no
 * provider is registered, the SDK is not even loaded, and every helper below
 * calls its work directly: one boolean test per call (bench: tracing off vs on).
 */
let enabled = false;
export const tracingEnabled = (): boolean => enabled;

export interface Tracing {
  /** Exports the spans buffered so far. */
  flush(): Promise<void>;
  /** Exports the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

/**
 * Registers the process's tracer provider (service.name = `service`), the W3C
 * propagator and the undici instrumentation (client spans and `traceparent` on
 * every outgoing HTTP call: router → subgraphs, reservation → payment and room),
 * exporting over OTLP/HTTP to `${endpoint}/v1/traces` (or to the exporter given,
 * in tests). The SDK's own OTEL_* variables (OTEL_TRACES_SAMPLER,
 * OTEL_BSP_SCHEDULE_DELAY, …) apply.
 *
 * The services' bundles load npm packages from the root node_modules, where
 * @apollo/gateway's 1.x SDK packages would otherwise sit: the root package.json
 * depends on the 2.x core, resources and sdk-trace-base, so those are found there.
 */
export async function startTracing(service: string, exportTo: string | SpanExporter | undefined): Promise<Tracing> {
  if (!exportTo) return { flush: async () => {}, shutdown: async () => {} };
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }, { ATTR_SERVICE_NAME }, { registerInstrumentations }, { UndiciInstrumentation }] = await Promise.all([
    import("@opentelemetry/sdk-trace-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/semantic-conventions"),
    import("@opentelemetry/instrumentation"),
    import("@opentelemetry/instrumentation-undici"),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service }),
    spanProcessors: [new BatchSpanProcessor(typeof exportTo === "string" ? new OTLPTraceExporter({ url: `${exportTo.replace(/\/$/, "")}/v1/traces` }) : exportTo)],
  });
  provider.register();
  // Only calls made on behalf of a traced operation: not health probes nor background polls.
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations: [new UndiciInstrumentation({ requireParentforSpans: true })] });
  enabled = true;
  return {
    flush: () => provider.forceFlush(),
    async shutdown() {
      enabled = false;
      unregister();
      await provider.shutdown();
      // The globals are free again: a process (a test) may start tracing anew.
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

const tracer = trace.getTracer("@airbnb/observability");

/** Runs `work` in a new active span, ended (with the error recorded, if any) when its promise settles. */
function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, parent: Context, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A span around `work` inside the current operation; none when tracing is off. */
export function withSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return enabled ? inSpan(name, SpanKind.INTERNAL, attributes, context.active(), work) : work();
}

/**
 * A span around `work` only where it belongs to a traced operation (a span is active):
 * the SQL of a request or an event gets one; a background poll's does not start a trace.
 */
export function withChildSpan<T>(name: string, kind: SpanKind, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  if (!enabled) return work();
  const active = context.active();
  return trace.getSpan(active) ? inSpan(name, kind, attributes, active, work) : work();
}

type Carrier = Record<string, string | string[] | undefined>;
const carrierGetter: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/** A server span continuing the caller's trace from its HTTP headers (`traceparent`, `tracestate`). */
export function withServerSpan<T>(headers: Carrier, name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  if (!enabled) return work();
  return inSpan(name, SpanKind.SERVER, attributes, propagation.extract(ROOT_CONTEXT, headers, carrierGetter), work);
}

/** `work`, to run later inside the trace that is current now (a write deferred to a batch's end). */
export function inCurrentTrace<A extends unknown[], R>(work: (...args: A) => R): (...args: A) => R {
  return enabled ? context.bind(context.active(), work) : work;
}

/**
 * The W3C `traceparent` of the current span, to be stored with what outlives the
 * request (an outbox row) so that its later handling continues the trace; null untraced.
 */
export function currentTraceparent(): string | null {
  if (!enabled) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/**
 * A producer span (a child of the operation whose `traceparent` was stored) around a
 * publish; `work` gets the headers to send with the message, which carry this span.
 */
export function withProducerSpan<T>(traceparent: string, name: string, attributes: Attributes, work: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  if (!enabled) return work({ traceparent });
  const parent = propagation.extract(ROOT_CONTEXT, { traceparent }, carrierGetter);
  return inSpan(name, SpanKind.PRODUCER, attributes, parent, () => {
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    return work(headers);
  });
}

/** A consumer span for one message, a child of the span that published it (its `traceparent` header), or a trace of its own. */
export function withConsumerSpan<T>(traceparent: string | undefined, name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  if (!enabled) return work();
  const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }, carrierGetter) : ROOT_CONTEXT;
  return inSpan(name, SpanKind.CONSUMER, attributes, parent, work);
}
