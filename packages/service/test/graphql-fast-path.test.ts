import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "graphql";
import { ApolloServer } from "@apollo/server";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DomainError } from "@airbnb/kernel";
import { createLogger } from "@airbnb/observability";
import { errorFormatter } from "../src/format-error.ts";
import { DocumentCache, plainGraphQLRequest, subgraphFastPath } from "../src/graphql-fast-path.ts";
import { readGraphQLBody } from "../src/http-graphql.ts";
import { stringArgumentsPlugin } from "../src/string-arguments.ts";

const typeDefs = parse(`
  type Query { room(id: ID!): Room, rooms(city: String): [Room!]!, refused: String, broken: String }
  type Room { id: ID!, name: String! }
  type Subscription { roomChanged: Room }
`);
const rooms = vi.fn((_: unknown, args: { city?: string }) => [{ id: "r1", name: `in ${args.city ?? "anywhere"}` }]);
const resolvers = {
  Query: {
    room: (_: unknown, { id }: { id: string }) => ({ id, name: "Hanok" }),
    rooms,
    refused: () => {
      throw new DomainError("BAD_USER_INPUT", "no such thing", { field: "thing" });
    },
    broken: () => {
      throw new Error("SELECT * FROM secrets failed");
    },
  },
};

const logger = createLogger("fast-path-test", "silent");
const formatError = errorFormatter(logger);
const schema = buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
const apollo = new ApolloServer({ schema, formatError, plugins: [stringArgumentsPlugin()], includeStacktraceInErrorResponses: false });
const fastPath = subgraphFastPath(schema, apollo, formatError);
let server: Server;
let url: string;

beforeAll(async () => {
  await apollo.start();
  server = createServer(async (req, res) => {
    const read = await readGraphQLBody(req, res);
    if (read) await fastPath(req, res, read.body, async () => ({}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await apollo.stop();
  await new Promise((resolve) => server.close(resolve));
});

const apolloCalls = vi.spyOn(apollo, "executeHTTPGraphQLRequest");
beforeEach(() => {
  apolloCalls.mockClear();
  rooms.mockClear();
});

const post = async (body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: response.status, type: response.headers.get("content-type"), body: (await response.json()) as Record<string, any> };
};

describe("the subgraph fast path", () => {
  it("answers a plain operation itself, with variables and the operation named", async () => {
    expect(await post({ query: "query Q($id: ID!) { room(id: $id) { id name } }", variables: { id: "r9" } })).toEqual({
      status: 200, type: "application/json; charset=utf-8", body: { data: { room: { id: "r9", name: "Hanok" } } },
    });
    const two = "query A { rooms { id } } query B { rooms(city: \"Seoul\") { name } }";
    expect((await post({ query: two, operationName: "B" })).body).toEqual({ data: { rooms: [{ name: "in Seoul" }] } });
    expect(apolloCalls).not.toHaveBeenCalled();
  });

  it("answers in the media type the client asked for", async () => {
    const answer = await post({ query: "{ rooms { id } }" }, { accept: "application/graphql-response+json" });
    expect(answer.type).toBe("application/graphql-response+json; charset=utf-8");
  });

  it("formats resolver errors as Apollo Server would, then by the contract: codes kept, anything else masked", async () => {
    const { status, body } = await post({ query: "{ refused broken }" });
    expect(status).toBe(200);
    expect(body.data).toEqual({ refused: null, broken: null });
    expect(body.errors).toEqual([
      { message: "no such thing", path: ["refused"], extensions: { code: "BAD_USER_INPUT", field: "thing" } },
      { message: "Internal server error", path: ["broken"], extensions: { code: "INTERNAL_SERVER_ERROR", errorId: expect.any(String) } },
    ]);
    expect(apolloCalls).not.toHaveBeenCalled();
  });

  it("refuses a string argument Postgres cannot hold before any resolver runs", async () => {
    const { status, body } = await post({ query: "query($city: String) { rooms(city: $city) { id } }", variables: { city: "a\u0000b" } });
    expect(status).toBe(200);
    expect(body.errors).toEqual([{ message: "city: must not hold NUL or broken Unicode", extensions: { code: "BAD_USER_INPUT", field: "city" } }]);
    expect(rooms).not.toHaveBeenCalled();
  });

  it.each([
    ["a parse error", { query: "{ rooms { id }" }, 400, "GRAPHQL_PARSE_FAILED"],
    ["a validation error", { query: "{ rooms { price } }" }, 400, "GRAPHQL_VALIDATION_FAILED"],
    ["variables the operation cannot take", { query: "query($id: ID!) { room(id: $id) { id } }", variables: {} }, 400, "BAD_USER_INPUT"],
    ["two operations and no name", { query: "query A { rooms { id } } query B { rooms { id } }" }, 400, "OPERATION_RESOLUTION_FAILURE"],
    ["a persisted query", { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }, 200, "PERSISTED_QUERY_NOT_FOUND"],
    ["a batch", [{ query: "{ rooms { id } }" }], 400, "BAD_REQUEST"],
  ])("hands %s to Apollo Server, which answers it", async (_, body, status, code) => {
    const answer = await post(body);
    expect(apolloCalls).toHaveBeenCalledOnce();
    expect([answer.status, answer.body.errors?.[0]?.extensions?.code]).toEqual([status, code]);
  });

  it("hands a subscription to Apollo Server", async () => {
    await post({ query: "subscription { roomChanged { id } }" });
    expect(apolloCalls).toHaveBeenCalledOnce();
  });
});

describe("the document cache", () => {
  it("compiles a query once, by text and operation name, remembering what only Apollo Server answers", () => {
    const cache = new DocumentCache<string>();
    const compile = vi.fn(() => "compiled");
    expect(cache.get({ query: "{ a }", operationName: undefined }, compile)).toBe("compiled");
    expect(cache.get({ query: "{ a }", operationName: undefined }, compile)).toBe("compiled");
    expect(cache.get({ query: "{ a }", operationName: "A" }, compile)).toBe("compiled");
    expect(compile).toHaveBeenCalledTimes(2);
    const refused = vi.fn(() => undefined);
    cache.get({ query: "{", operationName: undefined }, refused);
    expect(cache.get({ query: "{", operationName: undefined }, refused)).toBeUndefined();
    expect(refused).toHaveBeenCalledOnce();
  });

  it("is bounded: the oldest document makes room", () => {
    const cache = new DocumentCache<number>(2);
    const compile = vi.fn(() => 1);
    for (const query of ["q1", "q2", "q3", "q2"]) cache.get({ query, operationName: undefined }, compile);
    expect(cache.size).toBe(2);
    cache.get({ query: "q1", operationName: undefined }, compile);
    expect(compile).toHaveBeenCalledTimes(4);
  });
});

describe("a plain GraphQL request", () => {
  it("is a JSON object with a query text, object variables and a string operation name", () => {
    expect(plainGraphQLRequest({ query: "{ a }", variables: null })).toEqual({ query: "{ a }", variables: undefined, operationName: undefined });
    expect(plainGraphQLRequest({ query: "{ a }", variables: { x: 1 }, operationName: "A" })).toEqual({ query: "{ a }", variables: { x: 1 }, operationName: "A" });
  });

  it.each([
    ["no body", undefined],
    ["a batch", [{ query: "{ a }" }]],
    ["no query", { variables: {} }],
    ["list variables", { query: "{ a }", variables: [1] }],
    ["a numeric operation name", { query: "{ a }", operationName: 1 }],
    ["a persisted query", { query: "{ a }", extensions: { persistedQuery: {} } }],
  ])("is not %s", (_, body) => expect(plainGraphQLRequest(body)).toBeUndefined());
});
