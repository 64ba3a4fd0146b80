import type { IncomingMessage, ServerResponse } from "node:http";
import { execute, GraphQLError, Kind, parse, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode, type ParseOptions } from "graphql";
import type { ApolloServer, BaseContext } from "@apollo/server";
import { executeGraphQL } from "./http-graphql.ts";
import { unstorableArgument } from "./string-arguments.ts";

export interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

/** A plain JSON GraphQL request, or undefined for anything else (batches, persisted queries, odd shapes). */
export function plainGraphQLRequest(body: unknown): GraphQLRequest | undefined {
  const request = body as { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: { persistedQuery?: unknown } } | null;
  if (
    typeof request !== "object" || request === null || Array.isArray(request) || typeof request.query !== "string" ||
    request.extensions?.persistedQuery !== undefined ||
    (request.variables != null && (typeof request.variables !== "object" || Array.isArray(request.variables))) ||
    (request.operationName != null && typeof request.operationName !== "string")
  ) {
    return undefined;
  }
  return { query: request.query, variables: (request.variables ?? undefined) as GraphQLRequest["variables"], operationName: request.operationName ?? undefined };
}

/** Parsed and validated documents by query text, bounded; `undefined` marks a document only Apollo Server should answer. */
export class DocumentCache<T> {
  private readonly entries = new Map<string, T | undefined>();
  constructor(private readonly max = 1000) {}

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  get(request: Pick<GraphQLRequest, "query" | "operationName">, compile: () => T | undefined): T | undefined {
    const key = request.operationName ? `${request.operationName}\u0000${request.query}` : request.query;
    if (this.entries.has(key)) return this.entries.get(key);
    const compiled = compile();
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, compiled);
    return compiled;
  }
}

/** The one operation a request runs, if the document parses and names it unambiguously. */
export function parseOperation(request: Pick<GraphQLRequest, "query" | "operationName">, options?: ParseOptions): { document: DocumentNode; operation: OperationDefinitionNode } | undefined {
  try {
    const document = parse(request.query, options);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = request.operationName ? operations.find((o) => o.name?.value === request.operationName) : operations.length === 1 ? operations[0] : undefined;
    return operation && { document, operation };
  } catch {
    return undefined; // a parse error: Apollo Server reports it
  }
}

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** Apollo Server's formatting of errors (toJSON, default code, no stack), then ours. */
export function formatGraphQLErrors(errors: readonly GraphQLError[], formatError: FormatError): GraphQLFormattedError[] {
  return errors.map((error) => {
    const json = typeof error.toJSON === "function" ? error.toJSON() : { message: String((error as Error).message) };
    const { stacktrace: _stack, ...extensions } = (json.extensions ?? {}) as Record<string, unknown>;
    return formatError({ ...json, extensions: { ...extensions, code: extensions.code ?? "INTERNAL_SERVER_ERROR" } }, error);
  });
}

/** Writes a result as Apollo Server would: the media type the client asked for. */
export function sendGraphQLResponse(req: IncomingMessage, res: ServerResponse, status: number, response: Record<string, unknown>): void {
  const text = JSON.stringify(response);
  const accept = req.headers.accept ?? "";
  const type = accept.includes("application/graphql-response+json") && !accept.includes("application/json")
    ? "application/graphql-response+json; charset=utf-8"
    : "application/json; charset=utf-8";
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * A subgraph's hot path for `POST /graphql` (the router's calls): documents
 * parsed and validated once, then graphql-js `execute` directly, with Apollo
 * Server's error formatting. The profile showed Apollo Server's request
 * pipeline costing more than a typical `_entities` resolution. Anything
 * unusual (parse or validation errors, variables the operation cannot take,
 * subscriptions, batches) goes through Apollo Server unchanged.
 */
export function subgraphFastPath<C extends BaseContext>(schema: GraphQLSchema, apollo: ApolloServer<C>, formatError: FormatError) {
  const documents = new DocumentCache<{ document: DocumentNode; operation: OperationDefinitionNode }>();
  return async (req: IncomingMessage, res: ServerResponse, body: unknown, context: () => Promise<C>, served: Served = () => {}): Promise<void> => {
    const request = plainGraphQLRequest(body);
    const compiled = request && documents.get(request, () => {
      const parsed = parseOperation(request);
      return parsed && parsed.operation.operation !== "subscription" && validate(schema, parsed.document).length === 0 ? parsed : undefined;
    });
    if (!request || !compiled) {
      await executeGraphQL(apollo, req, res, context, body);
      return served(undefined, res.statusCode >= 400);
    }
    const unstorable = unstorableArgument(compiled.document, request.variables);
    if (unstorable) {
      sendGraphQLResponse(req, res, 200, { errors: formatGraphQLErrors([unstorable], formatError) });
      return served(compiled.operation, true);
    }
    const result = await execute({
      schema, document: compiled.document, operationName: request.operationName, variableValues: request.variables, contextValue: await context(),
    });
    // Variables the operation cannot take: nothing ran, Apollo Server answers as it would (400).
    if (result.errors?.length && !("data" in result)) {
      await executeGraphQL(apollo, req, res, context, body);
      return served(compiled.operation, true);
    }
    const response: Record<string, unknown> = {};
    if (result.errors?.length) response.errors = formatGraphQLErrors(result.errors, formatError);
    response.data = result.data;
    sendGraphQLResponse(req, res, 200, response);
    served(compiled.operation, Boolean(result.errors?.length));
  };
}

/** Told of each answer: the operation (undefined when Apollo Server took a request the fast path could not read) and whether it carried errors. */
export type Served = (operation: OperationDefinitionNode | undefined, failed: boolean) => void;
