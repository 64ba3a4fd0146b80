import { buildOperationContext, executeQueryPlan, type ApolloGateway, type GraphQLDataSource } from "@apollo/gateway";
import { operationFromDocument, type Schema } from "@apollo/federation-internals";
import type { QueryPlan, QueryPlanner } from "@apollo/query-planner";
import { HeaderMap } from "@apollo/server";
import { getVariableValues, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { Logger } from "@airbnb/observability";
import type { RouterContext } from "../router-context.ts";
import type { PreparedOperation } from "./operation-pipeline.ts";

/** The @apollo/gateway version whose executor this adapter was written against (gateway-executor.test.ts pins it). */
export const ADAPTED_GATEWAY_VERSION = "2.14.4";

export type GatewayResult = { data?: Record<string, unknown> | null; errors?: readonly GraphQLError[]; extensions?: Record<string, unknown> };

type ExecutorContext = Parameters<ApolloGateway["executor"]>[0];
type OperationContext = ReturnType<typeof buildOperationContext>;

/** What `ApolloGateway.executor` of 2.14 reads from itself (private fields), set on every schema load. */
interface GatewayState {
  schema?: GraphQLSchema;
  apiSchema?: Schema;
  supergraphSchema?: GraphQLSchema;
  queryPlanner?: QueryPlanner;
  serviceMap: Record<string, { dataSource: GraphQLDataSource }>;
  config: { telemetry?: Parameters<typeof executeQueryPlan>[6] };
  recursiveSelectionsLimitDisabled: boolean;
  nonLocalSelectionsLimitDisabled: boolean;
}

interface Planned {
  operationContext: OperationContext;
  /** Planned on first use, after the variables passed (as the gateway orders it). */
  queryPlan?: QueryPlan;
}

/**
 * Runs a prepared operation on the gateway's query-plan executor.
 *
 * The plan, and the operation context the executor walks, are built once per
 * compiled operation (the pipeline caches those per query text) and kept beside
 * it, where `ApolloGateway.executor` rebuilt the operation context, hashed the
 * plan key (SHA-256 of query hash and operation name), awaited its plan store,
 * rebuilt its service map and opened a request span on every request. What is
 * left per request is the executor's own: the variables checked as the gateway
 * checks them (errors and no data: the fast path's 400), then
 * `executeQueryPlan`, which fetches, merges and shapes the response, with its
 * OpenTelemetry spans (execute, fetch, post-processing) under the caller's.
 *
 * With `traced()` true (router.ts passes @airbnb/observability's tracingEnabled:
 * a tracer provider is registered) the whole of `ApolloGateway.executor` runs
 * instead, so a traced request keeps every span the gateway makes (request,
 * validate, plan); with none registered those were no-op spans.
 */
export function gatewayExecutor(gateway: ApolloGateway, logger: Logger, traced: () => boolean = () => false) {
  const state = gateway as unknown as GatewayState;
  const plans = new WeakMap<OperationDefinitionNode, Planned>();
  let services: { of: GatewayState["serviceMap"]; map: Record<string, GraphQLDataSource> } | undefined;

  const contextOf = (prepared: PreparedOperation): Planned => {
    let planned = plans.get(prepared.operation);
    if (!planned) {
      if (!state.schema) throw new Error("the gateway has not loaded its schema yet");
      planned = { operationContext: buildOperationContext({ schema: state.schema, operationDocument: prepared.document, operationName: prepared.operationName ?? undefined }) };
      plans.set(prepared.operation, planned);
    }
    return planned;
  };
  const planOf = (prepared: PreparedOperation, planned: Planned): QueryPlan => {
    if (!planned.queryPlan) {
      const operation = operationFromDocument(state.apiSchema!, prepared.document, { operationName: prepared.operationName ?? undefined });
      planned.queryPlan = state.queryPlanner!.buildQueryPlan(operation, {
        recursiveSelectionsLimitDisabled: state.recursiveSelectionsLimitDisabled,
        nonLocalSelectionsLimitDisabled: state.nonLocalSelectionsLimitDisabled,
      });
    }
    return planned.queryPlan;
  };
  const serviceMap = () => {
    if (services?.of !== state.serviceMap) {
      services = { of: state.serviceMap, map: Object.fromEntries(Object.entries(state.serviceMap).map(([name, { dataSource }]) => [name, dataSource])) };
    }
    return services.map;
  };

  return async (prepared: PreparedOperation, context: RouterContext): Promise<GatewayResult> => {
    const requestContext = {
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
    } as unknown as ExecutorContext;
    if (traced()) return gateway.executor(requestContext) as Promise<GatewayResult>;
    const planned = contextOf(prepared);
    const definitions = planned.operationContext.operation.variableDefinitions;
    if (definitions?.length) {
      const { errors } = getVariableValues(planned.operationContext.schema, definitions, prepared.variables);
      if (errors) return { errors };
    }
    return executeQueryPlan(planOf(prepared, planned), serviceMap(), requestContext, planned.operationContext, state.supergraphSchema!, state.apiSchema!, state.config.telemetry) as Promise<GatewayResult>;
  };
}
