import { Counter, Histogram, type Registry } from "prom-client";

/** Distinct operation labels one process keeps; names beyond it (clients choose them) are counted as "other". */
const MAX_OPERATIONS = 200;

export interface OperationMetrics {
  /** One operation served: its type (query, mutation, or "unknown" when refused before it was known), its name, whether it answered errors. */
  served(type: string, operation: string, failed: boolean, seconds: number): void;
  /** One error answered, by its code. */
  error(code: string): void;
}

/**
 * The GraphQL operations a process serves (the router and every subgraph, told
 * apart by `service`): `graphql_request_duration_seconds{operation_type,
 * operation, outcome}` gives the rate, errors and latency per operation;
 * `graphql_errors_total{code}` what the errors were.
 */
export function operationMetrics(registry: Registry): OperationMetrics {
  const duration = new Histogram({
    name: "graphql_request_duration_seconds",
    help: "GraphQL operations served, by type, name and outcome (ok, or error when the answer carried errors)",
    labelNames: ["operation_type", "operation", "outcome"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const errors = new Counter({ name: "graphql_errors_total", help: "GraphQL errors returned, by code", labelNames: ["code"], registers: [registry] });
  const known = new Set<string>();
  const bounded = (operation: string) => (known.has(operation) || (known.size < MAX_OPERATIONS && known.add(operation)) ? operation : "other");
  return {
    served: (type, operation, failed, seconds) =>
      duration.observe({ operation_type: type, operation: bounded(operation), outcome: failed ? "error" : "ok" }, seconds),
    error: (code) => errors.inc({ code }),
  };
}

/**
 * An operation's label: its root fields (`reserveRoom`, `roomBoard,boardTotals`,
 * `_entities` for a router's fetch), which the schema bounds, rather than the
 * name a client gave it; "unknown" when it was refused before it was known.
 */
export function operationLabel(operation: { selectionSet: { selections: readonly unknown[] } } | undefined): string {
  const fields = (operation?.selectionSet.selections ?? []).flatMap((s) => {
    const selection = s as { kind: string; name?: { value: string } };
    return selection.kind === "Field" && selection.name ? [selection.name.value] : [];
  });
  return fields.length > 0 ? fields.join(",") : "unknown";
}
