import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ApolloGateway, LocalGraphQLDataSource } from "@apollo/gateway";
import { composeServices } from "@apollo/composition";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { createLogger } from "@airbnb/observability";
import { ADAPTED_GATEWAY_VERSION, gatewayExecutor } from "../../src/pipeline/gateway-executor.ts";
import { OperationPipeline, Refusal } from "../../src/pipeline/operation-pipeline.ts";
import { DEFAULT_QUERY_LIMITS } from "../../src/limits/index.ts";
import type { RouterContext } from "../../src/router-context.ts";

// The gateway runs on graphql's CommonJS build: the subgraph schema and documents are built with it too.
const require = createRequire(import.meta.url);
const graphql = require("graphql") as typeof import("graphql");

const typeDefs = graphql.parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Room @key(fields: "id") { id: ID! name: String! }
  type Query { room(id: ID!): Room, rooms(first: Int = 2): [Room!]! }
`);
const resolvers = {
  Query: {
    room: (_: unknown, { id }: { id: string }, context: RouterContext) => ({ id, name: `room ${id} for ${context.requestId}` }),
    rooms: (_: unknown, { first }: { first: number }) => Array.from({ length: first }, (_, i) => ({ id: String(i), name: `room ${i}` })),
  },
};

let gateway: ApolloGateway;
let schema: import("graphql").GraphQLSchema;
const context = { identity: null, requestId: "req-1", internalToken: "t" } satisfies RouterContext;
const pipeline = new OperationPipeline({ parseOptions: { maxTokens: 1000 }, introspection: true, limits: DEFAULT_QUERY_LIMITS });

beforeAll(async () => {
  const composed = composeServices([{ name: "rooms", url: "http://rooms.invalid/graphql", typeDefs }]);
  if (composed.errors) throw composed.errors[0];
  gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl,
    buildService: () => new LocalGraphQLDataSource(buildSubgraphSchema({ typeDefs, resolvers: resolvers as never })),
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => (schema = apiSchema));
  await gateway.load();
});
afterAll(() => gateway.stop());

describe("the gateway executor adapter", () => {
  it("is written for the installed @apollo/gateway: re-read the executor's use of its request context when upgrading", () => {
    expect(require("@apollo/gateway/package.json").version).toBe(ADAPTED_GATEWAY_VERSION);
  });

  it("runs a prepared operation with its variables, operation name and context through the real executor", async () => {
    const execute = gatewayExecutor(gateway, createLogger("test", "silent"));
    const prepared = pipeline.prepare("http", schema, {
      query: `query A { rooms { id } } query B($id: ID!) { room(id: $id) { id name } }`, operationName: "B", variables: { id: "r7" },
    });
    if (prepared instanceof Refusal) throw new Error(prepared.errors[0]!.message);
    expect(await execute(prepared, context)).toEqual({ data: { room: { id: "r7", name: "room r7 for req-1" } } });
    // The plan cache key includes the operation name: another operation of the same document gets its own plan.
    const other = pipeline.prepare("http", schema, { query: `query A { rooms { id } } query B($id: ID!) { room(id: $id) { id name } }`, operationName: "A" });
    if (other instanceof Refusal) throw new Error(other.errors[0]!.message);
    expect(await execute(other, context)).toEqual({ data: { rooms: [{ id: "0" }, { id: "1" }] } });
  });

  it("plans a compiled operation once, and runs the gateway's whole executor (its spans) when traced", async () => {
    const planner = (gateway as unknown as { queryPlanner: { buildQueryPlan: (...args: unknown[]) => unknown } }).queryPlanner;
    const built = vi.spyOn(planner, "buildQueryPlan");
    const whole = vi.spyOn(gateway, "executor");
    let tracing = false;
    const execute = gatewayExecutor(gateway, createLogger("test", "silent"), () => tracing);
    const prepared = pipeline.prepare("http", schema, { query: `query Once($id: ID!) { room(id: $id) { id } }`, variables: { id: "r1" } });
    if (prepared instanceof Refusal) throw new Error("refused");
    for (let i = 0; i < 3; i++) expect(await execute(prepared, context)).toEqual({ data: { room: { id: "r1" } } });
    expect(built).toHaveBeenCalledTimes(1);
    expect(whole).not.toHaveBeenCalled();
    tracing = true;
    expect(await execute(prepared, context)).toEqual({ data: { room: { id: "r1" } } });
    expect(whole).toHaveBeenCalledTimes(1);
    built.mockRestore();
    whole.mockRestore();
  });

  it("answers variables the operation cannot take with errors and no data, which the fast path sends as 400", async () => {
    const execute = gatewayExecutor(gateway, createLogger("test", "silent"));
    const prepared = pipeline.prepare("http", schema, { query: `query($id: ID!) { room(id: $id) { id } }`, variables: { id: { $ne: 1 } } });
    if (prepared instanceof Refusal) throw new Error("refused");
    const result = await execute(prepared, context);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toMatch(/^Variable "\$id" got invalid value/);
  });
});

describe("the operation pipeline", () => {
  const prepare = (query: string, operationName?: string) => pipeline.prepare("http", schema, { query, operationName });
  const refusal = (query: string, operationName?: string) => {
    const answer = prepare(query, operationName);
    if (!(answer instanceof Refusal)) throw new Error("not refused");
    return { status: answer.status, code: answer.errors[0]!.extensions.code, message: answer.errors[0]!.message };
  };

  it("refuses a missing or unknown operationName with 400, never hands it to the executor", () => {
    expect(refusal(`query A { rooms { id } } query B { rooms { id } }`)).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect(refusal(`query A { rooms { id } }`, "Nope")).toMatchObject({ status: 400, code: "GRAPHQL_VALIDATION_FAILED", message: 'Unknown operation named "Nope".' });
  });

  it("refuses syntax, validation, the wrong door and the limits with the contract's codes", () => {
    expect(refusal(`{ rooms { id `)).toMatchObject({ status: 400, code: "GRAPHQL_PARSE_FAILED" });
    expect(refusal(`{ rooms { password } }`)).toMatchObject({ status: 400, code: "GRAPHQL_VALIDATION_FAILED" });
    expect(refusal(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: room(id: "${i}") { id }`).join(" ")} }`)).toMatchObject({ code: "QUERY_TOO_COMPLEX" });
    const ws = pipeline.prepare("ws", schema, { query: `{ rooms { id } }` });
    expect(ws instanceof Refusal && ws.errors[0]!.extensions.code).toBe("BAD_REQUEST");
  });

  it("gates introspection when it is off (production)", () => {
    const production = new OperationPipeline({ parseOptions: {}, introspection: false, limits: DEFAULT_QUERY_LIMITS });
    const answer = production.prepare("http", schema, { query: `{ __schema { types { name } } }` });
    expect(answer instanceof Refusal && answer.errors[0]!.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});
