import type { ApolloServerPlugin } from "@apollo/server";
import { Counter, Histogram, type Registry } from "prom-client";

/** Request latency by operation type and errors by code: the signals an operator alerts on. */
export function metricsPlugin(registry: Registry): ApolloServerPlugin {
  const duration = new Histogram({
    name: "graphql_request_duration_seconds",
    help: "GraphQL operations through the router",
    labelNames: ["operation_type"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const errors = new Counter({ name: "graphql_errors_total", help: "GraphQL errors returned, by code", labelNames: ["code"], registers: [registry] });
  return {
    async requestDidStart() {
      const stop = duration.startTimer();
      return {
        async willSendResponse({ operation }) {
          stop({ operation_type: operation?.operation ?? "unknown" });
        },
        async didEncounterErrors({ errors: list }) {
          for (const error of list) errors.inc({ code: String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR") });
        },
      };
    },
  };
}
