import type { IncomingMessage, ServerResponse } from "node:http";
import { createHash } from "node:crypto";
import {
  GraphQLError, validate, visit, BREAK,
  type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode, type ParseOptions,
} from "graphql";
import type { ApolloGateway } from "@apollo/gateway";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import { Counter, type Histogram, type Registry } from "prom-client";
import type { Logger } from "@airbnb/observability";
import {
  DocumentCache, executeGraphQL, formatGraphQLErrors, parseOperation, plainGraphQLRequest, readGraphQLBody, sendGraphQLResponse,
} from "@airbnb/service";
import { measureOperation, overLimits, type QueryLimits } from "../limits/index.ts";
import type { RouterContext, RouterContexts } from "../router-context.ts";

/** A cached document ready for the gateway's executor. */
interface Compiled {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  queryHash: string;
}

export interface FastPathOptions {
  gateway: ApolloGateway;
  apollo: ApolloServer<RouterContext>;
  /** The gateway's API schema (trackApiSchema). */
  schema: () => GraphQLSchema;
  contexts: RouterContexts;
  registry: Registry;
  logger: Logger;
  /** The same formatter Apollo Server is given: masking, contract codes. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  parseOptions: ParseOptions;
  queryLimits: QueryLimits;
  maxDocuments?: number;
}

export interface FastPath {
  /** Serves POST /graphql; false when it did not touch the request (Apollo Server takes it then). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Runs one operation as `context` (live pushes); parsed, validated and planned once per document. */
  execute(query: string, variables: Record<string, unknown> | undefined, context: RouterContext): Promise<{ data?: unknown; errors?: readonly GraphQLError[] }>;
  readonly stats: { fast: number; fallback: number; documents: number };
}

const hasIntrospection = (document: DocumentNode) => {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type") {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
};

/**
 * The router's hot path for `POST /graphql`: parsed and validated documents
 * are cached by query text (and the gateway's query plans by the same hash),
 * and a cached query or mutation goes straight to the gateway's executor,
 * skipping Apollo Server's request pipeline (plugins, per-request hashing,
 * context and response machinery), which the profile showed as the router's
 * own cost besides the subgraph fetches and token checks.
 *
 * Anything unusual goes to Apollo Server, unchanged: GET, batches, persisted
 * queries, parse or validation errors, introspection, subscriptions, the
 * query-plan debug header, context (token) errors, documents over the query
 * limits, and variable errors. What applies to every request applies here
 * too: the query limits (the same measure, per request), error masking
 * (the same formatter), and the request metrics (the same histogram and
 * error counter the metrics plugin feeds). Rate limits and CORS run before
 * either path, in router.ts.
 */
export function createFastPath(options: FastPathOptions): FastPath {
  const { gateway, apollo, contexts, logger, formatError, queryLimits } = options;
  const documents = new DocumentCache<Compiled>(options.maxDocuments ?? 1000);
  let schemaOfCache: GraphQLSchema | undefined;
  const stats = { fast: 0, fallback: 0, documents: 0 };
  const served = new Counter({ name: "router_graphql_requests_total", help: "POST /graphql requests by the path that served them: the fast path or Apollo Server", labelNames: ["path"] as const, registers: [options.registry] });
  const duration = options.registry.getSingleMetric("graphql_request_duration_seconds") as Histogram<"operation_type"> | undefined;
  const errorCount = options.registry.getSingleMetric("graphql_errors_total") as Counter<"code"> | undefined;

  /** Undefined for documents only Apollo Server should answer (it reports parse and validation errors). */
  const compile = (schema: GraphQLSchema, query: string, operationName: string | undefined): Compiled | undefined => {
    if (schemaOfCache !== schema) {
      documents.clear();
      schemaOfCache = schema;
    }
    const compiled = documents.get({ query, operationName }, () => {
      const parsed = parseOperation({ query, operationName }, options.parseOptions);
      if (!parsed || parsed.operation.operation === "subscription" || hasIntrospection(parsed.document) || validate(schema, parsed.document).length > 0) return undefined;
      return { ...parsed, queryHash: createHash("sha256").update(query).digest("hex") };
    });
    stats.documents = documents.size;
    return compiled;
  };

  const run = (compiled: Compiled, query: string, variables: Record<string, unknown> | undefined, context: RouterContext, schema: GraphQLSchema) =>
    gateway.executor({
      logger,
      schema,
      request: { query, variables, operationName: compiled.operation.name?.value, http: { method: "POST", headers: new HeaderMap(), search: "", body: undefined } },
      response: { http: { headers: new HeaderMap(), status: undefined } },
      context,
      cache: undefined as never,
      queryHash: compiled.queryHash,
      document: compiled.document,
      source: query,
      operationName: compiled.operation.name?.value ?? null,
      operation: compiled.operation,
      metrics: {},
      overallCachePolicy: undefined as never,
      requestIsBatched: false,
    } as unknown as Parameters<typeof gateway.executor>[0]);

  /** Apollo Server with the body already read. */
  const viaApollo = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    stats.fallback++;
    served.inc({ path: "apollo" });
    await executeGraphQL(apollo, req, res, () => contexts.forRequest(req), body);
    return true;
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
      if (!request) return viaApollo(req, res, body);
      const schema = options.schema();
      const compiled = compile(schema, request.query, request.operationName);
      if (!compiled) return viaApollo(req, res, body);
      const variables = request.variables;
      if (overLimits(measureOperation(schema, compiled.document, compiled.operation, variables ?? {}, queryLimits.defaultListSize), queryLimits)) {
        return viaApollo(req, res, body);
      }
      let context: RouterContext;
      try {
        context = await contexts.forRequest(req);
      } catch {
        return viaApollo(req, res, body);
      }
      let result: { data?: unknown; errors?: readonly GraphQLError[]; extensions?: Record<string, unknown> };
      let status = 200;
      try {
        result = await run(compiled, request.query, variables, context, schema);
        // Variables the operation cannot take: nothing ran yet, Apollo Server answers as it would.
        if (result.errors?.length && !("data" in result)) return viaApollo(req, res, body);
      } catch (error) {
        result = { errors: [error instanceof GraphQLError ? error : new GraphQLError((error as Error).message ?? "internal error", { originalError: error as Error })] };
        status = 500;
      }
      const response: Record<string, unknown> = {};
      if (result.errors?.length) {
        for (const error of result.errors) errorCount?.inc({ code: String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR") });
        response.errors = formatGraphQLErrors(result.errors, formatError);
      }
      if ("data" in result) response.data = result.data;
      if (result.extensions) response.extensions = result.extensions;
      sendGraphQLResponse(req, res, status, response);
      stats.fast++;
      served.inc({ path: "fast" });
      duration?.observe({ operation_type: compiled.operation.operation }, Number(process.hrtime.bigint() - started) / 1e9);
      return true;
    },
    async execute(query, variables, context) {
      const schema = options.schema();
      const compiled = compile(schema, query, undefined);
      if (!compiled) return apollo.executeOperation({ query, variables }, { contextValue: context }).then((r) => (r.body.kind === "single" ? (r.body.singleResult as never) : { errors: [new GraphQLError("incremental delivery is not supported")] }));
      return run(compiled, query, variables, context, schema);
    },
  };
}
