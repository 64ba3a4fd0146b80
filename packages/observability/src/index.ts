import { pino, type Logger } from "pino";
import { Registry, collectDefaultMetrics } from "prom-client";

export type { Logger };

/** One JSON logger per process, named after the process; children add a component. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ name, level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** A per-process Prometheus registry with the Node defaults, labelled with the service. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
export {
  currentTraceparent, inCurrentTrace, startTracing, tracingEnabled, withChildSpan, withConsumerSpan, withProducerSpan, withServerSpan, withSpan, SpanKind, type Attributes, type Tracing,
} from "./tracing.ts";
export { operationLabel, operationMetrics, type OperationMetrics } from "./operation-metrics.ts";
