import type { IncomingMessage, ServerResponse } from "node:http";
import { GraphQLError, Kind, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { ApolloServer } from "@apollo/server";
import { Counter, type Registry } from "prom-client";
import { operationLabel, type OperationMetrics } from "@airbnb/observability";
import { executeGraphQL, formatGraphQLErrors, plainGraphQLRequest, readGraphQLBody, sendGraphQLResponse } from "@airbnb/service";
import type { RouterContext, RouterContexts } from "../router-context.ts";
import type { GatewayResult } from "../pipeline/gateway-executor.ts";
import { Refusal, type OperationPipeline, type PreparedOperation } from "../pipeline/operation-pipeline.ts";

export interface FastPathOptions {
  apollo: ApolloServer<RouterContext>;
  /** The gateway's API schema (trackApiSchema). */
  schema: () => GraphQLSchema;
  pipeline: OperationPipeline;
  execute: (prepared: PreparedOperation, context: RouterContext) => Promise<GatewayResult>;
  contexts: RouterContexts;
  registry: Registry;
  /** Where each answer is recorded, as metricsPlugin records Apollo Server's. */
  operations: OperationMetrics;
  /** The same formatter Apollo Server is given: masking, contract codes. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

export interface FastPath {
  /** Serves POST /graphql; false when it did not touch the request (Apollo Server takes it then). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  readonly stats: { fast: number; fallback: number };
}

/** graphql-js's variable coercion errors, which Apollo Server reports as BAD_USER_INPUT (its isBadUserInputGraphQLError). */
const isVariableError = (error: GraphQLError) =>
  error.extensions?.code == null && error.nodes?.length === 1 && error.nodes[0]!.kind === Kind.VARIABLE_DEFINITION && /^Variable "\$[^"]+" (has|got|of)/.test(error.message);

/**
 * The router's hot path for `POST /graphql`: the operation pipeline (identity,
 * then the cached parse/validate/operationName, the door and the limits) and
 * the gateway's executor, skipping Apollo Server's request pipeline (plugins,
 * per-request hashing, context and response machinery), which the profile
 * showed as the router's own cost besides the subgraph fetches and token checks.
 * Answers are Apollo Server's, byte for byte (e2e/test/differential.test.ts):
 * statuses, error shapes, 400 for variables the operation cannot take.
 *
 * Apollo Server still serves what is not a plain JSON POST (GET, batches,
 * persisted queries, other media types and their CSRF check, the query-plan
 * debug header), through the same pipeline (apollo-plugin.ts). Rate limits and
 * CORS run before either path, in router.ts.
 */
export function createFastPath(options: FastPathOptions): FastPath {
  const { apollo, contexts, formatError, pipeline } = options;
  const stats = { fast: 0, fallback: 0 };
  const served = new Counter({ name: "router_graphql_requests_total", help: "POST /graphql requests by the path that served them: the fast path or Apollo Server", labelNames: ["path"] as const, registers: [options.registry] });
  const { operations } = options;

  /** Sends the answer and records it as the metrics plugin does for Apollo Server (refusals as operation "unknown"). */
  const send = (req: IncomingMessage, res: ServerResponse, status: number, result: GatewayResult, started: bigint, operation?: OperationDefinitionNode) => {
    const response: Record<string, unknown> = {};
    if (result.errors?.length) {
      for (const error of result.errors) operations.error(String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
      response.errors = formatGraphQLErrors(result.errors, formatError);
    }
    if ("data" in result) response.data = result.data;
    if (result.extensions) response.extensions = result.extensions;
    sendGraphQLResponse(req, res, status, response);
    operations.served(operation?.operation ?? "unknown", operationLabel(operation), Boolean(result.errors?.length), Number(process.hrtime.bigint() - started) / 1e9);
  };

  return {
    stats,
    async handle(req, res) {
      if (req.method !== "POST") return false;
      const contentType = req.headers["content-type"] ?? "";
      if (!contentType.startsWith("application/json") || req.headers["apollo-query-plan-experimental"]) return false;
      const started = process.hrtime.bigint();
      const read = await readGraphQLBody(req, res);
      if (!read) return true;
      const { body } = read;
      const request = plainGraphQLRequest(body);
      if (!request?.query) {
        stats.fallback++;
        served.inc({ path: "apollo" });
        await executeGraphQL(apollo, req, res, () => contexts.forRequest(req), body);
        return true;
      }
      stats.fast++;
      served.inc({ path: "fast" });
      let context: RouterContext;
      try {
        context = await contexts.forRequest(req);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        send(req, res, Number((error.extensions.http as { status?: number } | undefined)?.status ?? 500), { errors: [error] }, started);
        return true;
      }
      const prepared = pipeline.prepare("http", options.schema(), request);
      if (prepared instanceof Refusal) {
        send(req, res, prepared.status, { errors: prepared.errors }, started);
        return true;
      }
      let result: GatewayResult;
      let status = 200;
      try {
        result = await options.execute(prepared, context);
        if (result.errors?.length && !("data" in result)) {
          // Variables the operation cannot take: nothing ran.
          status = 400;
          result = { errors: result.errors.map((error) => (isVariableError(error) ? new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: "BAD_USER_INPUT" } }) : error)) };
        }
      } catch (error) {
        result = { errors: [error instanceof GraphQLError ? error : new GraphQLError((error as Error).message ?? "internal error", { originalError: error as Error })] };
        status = 500;
      }
      send(req, res, status, result, started, prepared.operation);
      return true;
    },
  };
}
