import type { ApolloServerPlugin } from "@apollo/server";
import { operationLabel, type OperationMetrics } from "@airbnb/observability";

/** What Apollo Server serves (the requests the fast path hands it), recorded as the fast path records its own. */
export function metricsPlugin(metrics: OperationMetrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      let failed = false;
      return {
        async willSendResponse({ operation }) {
          metrics.served(operation?.operation ?? "unknown", operationLabel(operation ?? undefined), failed, (performance.now() - started) / 1000);
        },
        async didEncounterErrors({ errors: list }) {
          failed = true;
          for (const error of list) metrics.error(String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
        },
      };
    },
  };
}
