import type { ApolloGateway } from "@apollo/gateway";
import { HeaderMap } from "@apollo/server";
import type { GraphQLError } from "graphql";
import type { Logger } from "@airbnb/observability";
import type { RouterContext } from "../router-context.ts";
import type { PreparedOperation } from "./operation-pipeline.ts";

/** The @apollo/gateway version whose executor this adapter was written against (gateway-executor.test.ts pins it). */
export const ADAPTED_GATEWAY_VERSION = "2.14.4";

export type GatewayResult = { data?: Record<string, unknown> | null; errors?: readonly GraphQLError[]; extensions?: Record<string, unknown> };

/**
 * Runs a prepared operation on the gateway's executor, as Apollo Server's
 * request pipeline would hand it over, without the rest of that pipeline.
 * The executor of 2.14 reads: `document`, `queryHash` and
 * `request.operationName` (the query plan's cache key and the operation),
 * `request.variables` (coerced by the gateway), `request.http.headers` (the
 * query-plan debug header), `context` (for the subgraph fetches),
 * `operationName`, `source`, `logger` and `metrics` (tracing). The rest of
 * Apollo Server's GraphQLRequestContext is unused and left out; the test of
 * this file runs an operation through the real executor.
 */
export function gatewayExecutor(gateway: ApolloGateway, logger: Logger) {
  return (prepared: PreparedOperation, context: RouterContext): Promise<GatewayResult> =>
    gateway.executor({
      logger,
      schema: prepared.schema,
      request: { query: prepared.query, variables: prepared.variables, operationName: prepared.operationName ?? undefined, http: { method: "POST", headers: new HeaderMap(), search: "", body: undefined } },
      response: { http: { headers: new HeaderMap(), status: undefined } },
      context,
      queryHash: prepared.queryHash,
      document: prepared.document,
      source: prepared.query,
      operationName: prepared.operationName,
      operation: prepared.operation,
      metrics: {},
      requestIsBatched: false,
    } as unknown as Parameters<ApolloGateway["executor"]>[0]) as Promise<GatewayResult>;
}
