import { createHash } from "node:crypto";
import {
  GraphQLError, Kind, getOperationAST, getVariableValues, parse, specifiedRules, validate,
  type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type ParseOptions, type ValidationRule,
} from "graphql";
import { DocumentCache } from "@airbnb/service";
import { measureOperation, overLimits, type QueryLimits } from "../limits/index.ts";

/** Which operations a door runs: HTTP runs queries and mutations, graphql-ws subscriptions, live pushes queries. */
export type Door = "http" | "ws" | "push";

export interface OperationRequest {
  query: string;
  operationName?: string | null | undefined;
  variables?: Record<string, unknown> | null | undefined;
}

/** A parsed, validated document with its operation resolved: cached by query text and operation name. */
export interface CompiledOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The gateway keys its query plans by this. */
  queryHash: string;
  operationName: string | null;
}

export interface PreparedOperation extends CompiledOperation {
  schema: GraphQLSchema;
  query: string;
  variables: Record<string, unknown>;
}

/** The answer to a request that cannot run as sent: the contract's code, and the HTTP status it is sent with. */
export class Refusal {
  constructor(readonly status: number, readonly errors: readonly GraphQLError[]) {}
}

const refusal = (code: string, message: string) => new Refusal(400, [refusedError(code, message)]);
export const refusedError = (code: string, message: string) => new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/**
 * The one way into execution, for every door (HTTP fast path, Apollo Server,
 * graphql-ws, live pushes). Its stages, in order:
 *
 *   identity (router-context.ts, first, as Apollo Server creates the context first)
 *   → parse (token limit) → validate (+ introspection gate) → operationName
 *   → door (which operation types) → limits (depth, aliases, cost) → variables (graphql-ws)
 *
 * Apollo Server parses and validates with the same options and rules
 * (`parseOptions`, `introspection`), then its plugin (apollo-plugin.ts) calls
 * `admit` for the rest; the other doors call `prepare`.
 */
export class OperationPipeline {
  private readonly documents: DocumentCache<CompiledOperation | Refusal>;
  private schemaOfCache: GraphQLSchema | undefined;
  private readonly rules: readonly ValidationRule[];

  constructor(private readonly options: {
    parseOptions: ParseOptions;
    /** Introspection allowed (not production). */
    introspection: boolean;
    limits: QueryLimits;
    onTooComplex?: (reason: string) => void;
    maxDocuments?: number;
  }) {
    this.documents = new DocumentCache(options.maxDocuments ?? 1000);
    this.rules = options.introspection ? specifiedRules : [...specifiedRules, noIntrospection];
  }

  /** The rules beyond graphql-js's own (Apollo Server is given them as `validationRules`). */
  get extraValidationRules(): ValidationRule[] {
    return this.options.introspection ? [] : [noIntrospection];
  }

  get parseOptions(): ParseOptions {
    return this.options.parseOptions;
  }

  get cachedDocuments(): number {
    return this.documents.size;
  }

  /** Parse, validate and resolve the operation, once per query text and operation name. */
  compile(schema: GraphQLSchema, query: string, operationName: string | null | undefined): CompiledOperation | Refusal {
    if (this.schemaOfCache !== schema) {
      this.documents.clear();
      this.schemaOfCache = schema;
    }
    return this.documents.get({ query, operationName: operationName ?? undefined }, () => {
      let document: DocumentNode;
      try {
        document = parse(query, this.options.parseOptions);
      } catch (error) {
        const syntax = error as GraphQLError;
        return new Refusal(400, [new GraphQLError(syntax.message, { nodes: syntax.nodes, source: syntax.source, positions: syntax.positions, extensions: { code: "GRAPHQL_PARSE_FAILED" } })]);
      }
      const invalid = validate(schema, document, this.rules);
      if (invalid.length) {
        return new Refusal(400, invalid.map((error) => new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })));
      }
      const operation = resolveOperation(document, operationName);
      if (operation instanceof Refusal) return operation;
      return { document, operation, operationName: operation.name?.value ?? null, queryHash: createHash("sha256").update(query).digest("hex") };
    })!;
  }

  /** The stages after validation: which door, the limits, and (for graphql-ws, which has no executor to do it) the variables. */
  admit(door: Door, schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode | undefined | null, variables: Record<string, unknown>, operationName?: string | null): Refusal | null {
    if (!operation) {
      const resolved = resolveOperation(document, operationName);
      return resolved instanceof Refusal ? resolved : refusal("GRAPHQL_VALIDATION_FAILED", "no operation to run");
    }
    if (door === "http" && operation.operation === "subscription") {
      return refusal("BAD_REQUEST", "subscriptions are served over WebSocket (graphql-ws, graphql-transport-ws) at this same URL");
    }
    if (door === "ws" && operation.operation !== "subscription") return refusal("BAD_REQUEST", "send queries and mutations with HTTP POST /graphql");
    if (door === "push" && operation.operation !== "query") return refusal("BAD_REQUEST", "a live push runs a query");
    const reason = overLimits(measureOperation(schema, document, operation, variables, this.options.limits.defaultListSize), this.options.limits);
    if (reason) {
      this.options.onTooComplex?.(reason);
      return refusal("QUERY_TOO_COMPLEX", reason);
    }
    if (door === "ws") {
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
      if (coerced.errors) return new Refusal(400, coerced.errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: "BAD_USER_INPUT" } })));
    }
    return null;
  }

  /** Every stage but identity: an operation ready for the executor, or the refusal to send. */
  prepare(door: Door, schema: GraphQLSchema, request: OperationRequest): PreparedOperation | Refusal {
    const compiled = this.compile(schema, request.query, request.operationName);
    if (compiled instanceof Refusal) return compiled;
    const variables = request.variables ?? {};
    const refused = this.admit(door, schema, compiled.document, compiled.operation, variables);
    if (refused) return refused;
    if (door === "ws") {
      const { coerced } = getVariableValues(schema, compiled.operation.variableDefinitions ?? [], variables);
      return { ...compiled, schema, query: request.query, variables: coerced ?? {} };
    }
    return { ...compiled, schema, query: request.query, variables };
  }
}

/** The introspection gate: in production the schema is not for browsing. */
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === "__schema" || node.name.value === "__type") {
      context.reportError(new GraphQLError("introspection is off in production: the schema is documented with the API", { nodes: [node] }));
    }
  },
});

/** The operation a request names; a missing or unknown name is the client's error (400), never the executor's (500). */
function resolveOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | Refusal {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (operation) return operation;
  if (operationName) return refusal("GRAPHQL_VALIDATION_FAILED", `Unknown operation named "${operationName}".`);
  const count = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION).length;
  return refusal(count > 1 ? "BAD_REQUEST" : "GRAPHQL_VALIDATION_FAILED", count > 1 ? "Must provide operation name if query contains multiple operations." : "Must provide an operation.");
}
