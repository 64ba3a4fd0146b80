import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSchema, getIntrospectionQuery, parse, validate, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { ApolloGateway } from "@apollo/gateway";
import { composeSupergraph, subgraphsToCompose } from "../../src/supergraph.ts";
import { DEFAULT_QUERY_LIMITS, isTooManyTokens, measureOperation, overLimits, type QueryLimits } from "../../src/limits/query-limits.ts";

// The real API schema, composed from the subgraphs' SDL as the router does; no subgraph is called.
// It crosses to this module's graphql as SDL: the gateway runs on graphql's CommonJS build, vitest
// gives this file the ESM one, and graphql refuses objects of the other. (Under tsx there is one.)
const LIMITS: QueryLimits = { ...DEFAULT_QUERY_LIMITS, maxCost: 10_000 };
let schema: GraphQLSchema;

beforeAll(async () => {
  const gateway = new ApolloGateway({ supergraphSdl: composeSupergraph(subgraphsToCompose(undefined), {}).supergraphSdl });
  let sdl = "";
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => (sdl = (createRequire(import.meta.url)("graphql") as typeof import("graphql")).printSchema(apiSchema)));
  await gateway.load();
  await gateway.stop();
  schema = buildSchema(sdl);
});

function measure(query: string, variables: Record<string, unknown> = {}, validated = true) {
  const document = parse(query);
  if (validated) expect(validate(schema, document)).toEqual([]);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition")!;
  return measureOperation(schema, document, operation, variables, LIMITS.defaultListSize);
}

/** `room(id) { reviews { room { reviews … { id } } } }`: `levels` fields between the root field and `id`. */
export const nested = (levels: number) => {
  let selection = "id";
  for (let i = levels - 1; i >= 0; i--) selection = i % 2 === 0 ? `reviews(first: 1) { ${selection} }` : `room { ${selection} }`;
  return `{ room(id: "r") { ${selection} } }`;
};

describe("measuring an operation", () => {
  it("counts depth from the root field, scalar fields free, objects by the list size", () => {
    expect(measure(`{ room(id: "r") { id name } }`)).toMatchObject({ depth: 2, cost: 1, aliases: 0 });
    expect(measure(`{ roomBoard(first: 100) { roomName roomId } }`)).toMatchObject({ depth: 2, cost: 100 });
    // roomBoard's schema default (100), rooms' (50), reviews' (20), reservations' (50); Reservation.mileage has no `first`: the default list size (10).
    expect(measure(`{ roomBoard { roomName } }`).cost).toBe(100);
    expect(measure(`{ rooms { id } }`).cost).toBe(50);
    expect(measure(`{ rooms(first: 50) { reviews { room { id } } } }`).cost).toBe(50 * (1 + 20 * 2));
    expect(measure(`{ room(id: "r") { reservations { id } } }`).cost).toBe(1 + 50);
    expect(measure(`{ myReservations { mileage { id } } }`).cost).toBe(50 * (1 + 10));
  });

  it("counts a list at most at its maximum, the size its subgraph clamps `first` to", () => {
    expect(measure(`{ rooms(first: 1000000) { id } }`).cost).toBe(200);
    expect(measure(`{ roomBoard(first: 1000000) { roomName } }`).cost).toBe(1000);
    expect(measure(`query($n: Int) { myReservations(first: $n) { id } }`, { n: 10_000 }).cost).toBe(200);
    expect(measure(`{ rooms(first: -5) { id } }`).cost).toBe(0);
  });

  it("reads `first` from variables, their defaults, or the schema", () => {
    const query = `query($n: Int) { roomBoard(first: $n) { roomName } }`;
    expect(measure(query, { n: 7 }).cost).toBe(7);
    expect(measure(query).cost).toBe(100);
    expect(measure(`query($n: Int = 3) { roomBoard(first: $n) { roomName } }`).cost).toBe(3);
    expect(measure(`{ roomBoard(first: -5) { roomName } }`).cost).toBe(0);
  });

  it("expands fragments, named and inline, and counts aliases inside them", () => {
    const query = `
      query { a: room(id: "1") { ...R } b: room(id: "2") { ... on Room { c: reviews(first: 2) { id } } } }
      fragment R on Room { x: reviews(first: 3) { id room { id } } board { roomName } }`;
    expect(measure(query)).toEqual({
      depth: 4, aliases: 4, cost: (1 + 3 * 2 + 1) + (1 + 2), introspectionDepth: 0, introspectionListDepth: 0,
    });
  });

  it("measures a fragment bomb without expanding it", () => {
    // Each level spreads the next twice: 2^40 fields expanded, measured in 40 steps.
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Room { id }` : `fragment F${i} on Room { ...F${i + 1} ... on Room { ...F${i + 1} } }`).join("\n");
    const started = performance.now();
    const result = measure(`{ room(id: "r") { ...F0 } } ${fragments}`);
    expect(performance.now() - started).toBeLessThan(100);
    expect(result.depth).toBe(2);
  });

  it("does not loop on fragment cycles (which validation refuses anyway)", () => {
    const document = parse(`{ room(id: "r") { ...A } } fragment A on Room { room: reviews { room { ...A } } }`);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const result = measureOperation(schema, document, operation);
    expect(overLimits(result, LIMITS)).toMatch(/over the limit/);
  });

  it("lets the contract's heaviest legitimate reads through", () => {
    const legit = [
      `{ roomBoard(first: 1000) { roomId roomName roomStatus lastReservationId lastReservationStatus lastPaymentStatus confirmedReservations reviewCount averageRating mileagePointsIssued lastEventType updatedAt } }`,
      `query($id: ID!) { room(id: $id) { id name reservations { id status payment { id status amount } mileage { kind points } }
        reviews { rating comment } board { roomName confirmedReservations } } }`,
      // A host's overview: 50 rooms × 50 reservations each could reach 31,100 objects; 10 rooms is a page a host can afford.
      `{ rooms(first: 10) { id name reservations { payment { status } mileage { points } } reviews { rating } board { roomName } } }`,
      `{ myReservations { id room { id name reviews { rating } board { roomName } } payment { status } mileage { points } } myMileage { balance entries { points } } myMessages { text } }`,
    ];
    for (const query of legit) expect(overLimits(measure(query), LIMITS)).toBeNull();
  });

  it("refuses depth, aliases and cost over the limits", () => {
    expect(overLimits(measure(nested(19)), LIMITS)).toMatch(/depth 21 .* 12/);
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: room(id: "${i}") { id }`).join(" ");
    expect(overLimits(measure(`{ ${aliases} }`), LIMITS)).toMatch(/31 aliases/);
    expect(overLimits(measure(`{ myReservations(first: 200) { room { reviews(first: 200) { id } } } }`), LIMITS)).toMatch(/cost 40400/);
    expect(overLimits(measure(`{ rooms(first: 200) { reviews(first: 100) { room { id } } } }`), LIMITS)).toMatch(/cost 40200/);
  });

  it("lets the standard introspection query through, but not introspection that nests lists on", () => {
    const standard = measure(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }));
    expect(standard).toMatchObject({ cost: 0, depth: 0, introspectionListDepth: 3 });
    expect(overLimits(standard, LIMITS)).toBeNull();
    // graphql-js (16.9+) refuses this in validation too ("Maximum introspection depth exceeded"); this is the second line.
    const cyclic = measure(`{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`, {}, false);
    expect(overLimits(cyclic, LIMITS)).toMatch(/introspection nests 4 lists/);
  });

  it("recognises graphql-js's token-limit error, which the router reports as QUERY_TOO_COMPLEX", () => {
    const message = (() => {
      try {
        parse(`{ ${Array.from({ length: 100 }, (_, i) => `a${i}: id`).join(" ")} }`, { maxTokens: 50 });
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();
    expect(isTooManyTokens(message)).toBe(true);
    expect(isTooManyTokens("Syntax Error: Expected Name, found <EOF>.")).toBe(false);
  });
});
