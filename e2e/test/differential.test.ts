import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import fc from "fast-check";
import {
  buildClientSchema, getIntrospectionQuery, getNamedType, isEnumType, isLeafType, isNonNullType, isObjectType, parse,
  type GraphQLField, type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode,
} from "graphql";
import { liveClient, mintToken, waitFor, type Actor } from "@airbnb/testkit";
import { startRouter, type RunningRouter } from "../../router/src/router.ts";
import { measureOperation } from "../../router/src/limits/index.ts";
import { asGuest, asHost, call, day, REGISTER_ROOM, reserve, routerUrl } from "../support.ts";

// The same operations through the router as it runs by default (the fast path) and through a
// second router with ROUTER_FAST_PATH=0 (Apollo Server's pipeline, stock RemoteGraphQLDataSource):
// every answer must be the same, status and body (error ids aside). Both are doors into one
// operation pipeline; this is what shows that no door keeps a check of its own.

const FROM = "127.0.0.50";
const agent = new Agent({ keepAlive: true, localAddress: FROM, maxSockets: 8 });
let apolloRouter: RunningRouter;
let schema: GraphQLSchema;
const CITY = `Differential-${Date.now()}`;
const fixtures = { roomIds: [] as string[], reservationIds: [] as string[], messageIds: [] as string[], reviewIds: [] as string[] };
let host: Actor;
let guest: Actor;
let otherGuest: Actor;
const tokens: Record<string, string | undefined> = {};

interface Answer { status: number; body: unknown }
interface Case { name: string; body: string; caller?: string }

function post(url: string, body: string, authorization?: string): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...(authorization ? { authorization } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: unknown = text;
        try { parsed = JSON.parse(text); } catch { /* compared as text */ }
        resolve({ status: res.statusCode ?? 0, body: withoutErrorIds(parsed) });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** errorId is fresh per masked error: the one field that may differ. */
function withoutErrorIds(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(withoutErrorIds);
  if (typeof body !== "object" || body === null) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => key !== "errorId").map(([key, value]) => [key, withoutErrorIds(value)]));
}

const op = (query: string, variables?: Record<string, unknown>, operationName?: string) => JSON.stringify({ query, ...(variables ? { variables } : {}), ...(operationName ? { operationName } : {}) });

beforeAll(async () => {
  apolloRouter = await startRouter({ ...inject("e2eEnv"), ROUTER_PORT: "0", ROUTER_FAST_PATH: "0", LOG_LEVEL: "fatal" });
  host = await asHost();
  guest = await asGuest();
  otherGuest = await asGuest();
  Object.assign(tokens, {
    anonymous: undefined, host: `Bearer ${host.token}`, guest: `Bearer ${guest.token}`, otherGuest: `Bearer ${otherGuest.token}`,
    expired: `Bearer ${await mintToken({ sub: "gone", roles: ["guest"], expiresIn: Math.floor(Date.now() / 1000) - 60 })}`,
    forged: `Bearer ${await mintToken({ sub: "x", roles: ["guest", "host"], secret: "not-the-secret-at-all-0123456789" })}`,
    malformed: "Basic dXNlcjpwYXNz",
  });
  for (let i = 0; i < 3; i++) {
    const room = await call(host, REGISTER_ROOM, { input: { name: `Diff ${i}`, description: "Same answer twice", city: CITY, pricePerNight: 100 + i, capacity: 3 } });
    fixtures.roomIds.push(room.data!.registerRoom.id);
  }
  const book = (roomId: string, offset: number, paymentMethod = "card") =>
    reserve(guest, { roomId, checkIn: day(200 + offset), checkOut: day(202 + offset), paymentMethod }).then((r) => r.data?.reserveRoom);
  const first = await waitFor(() => book(fixtures.roomIds[0]!, 0), { what: "the reservation context to know the room" });
  fixtures.reservationIds.push(first.id);
  for (const [i, method] of [[1, "card"], [2, "declined-card"], [3, "declined-card"]] as const) {
    fixtures.reservationIds.push((await waitFor(() => book(fixtures.roomIds[i % 3]!, i * 3, method)))!.id);
  }
  // Reads must not change between the two routers' answers: wait until the events of these writes are handled
  // everywhere (the boards count the confirmations, and the guest's composed state reads the same twice running).
  const settled = `{ a: room(id: "${fixtures.roomIds[0]}") { board { confirmedReservations } } b: room(id: "${fixtures.roomIds[1]}") { board { confirmedReservations } }
    myMileage { entries { id } } myMessages { id } myReservations { id payment { status } } }`;
  let last = "";
  const state = await waitFor(async () => {
    const { data } = await call(guest, settled);
    const snapshot = JSON.stringify(data);
    const stable = snapshot === last;
    last = snapshot;
    return stable && data?.a?.board?.confirmedReservations === 1 && data?.b?.board?.confirmedReservations === 1 && data.myMileage.entries.length === 2 &&
      data.myMessages.length >= 2 && data.myReservations.every((r: { payment: unknown }) => r.payment) && data;
  }, { timeoutMs: 20_000, intervalMs: 300, what: "the fixtures' events to be handled" });
  fixtures.messageIds.push(...state.myMessages.map((m: { id: string }) => m.id));
  const introspection = await post(routerUrl(), op(getIntrospectionQuery()));
  schema = buildClientSchema((introspection.body as { data: never }).data);
});

afterAll(async () => {
  agent.destroy();
  await apolloRouter?.stop();
});

// ------------------------------------------------------------------ the corpus

/** Operations named in the issue and the contract, and hostile shapes. */
function listedCases(): Case[] {
  const [room0, room1] = fixtures.roomIds;
  const [confirmed, , rejected] = fixtures.reservationIds;
  const deep = (levels: number) => {
    let selection = "id";
    for (let i = levels - 1; i >= 0; i--) selection = i % 2 === 0 ? `reviews(first: 1) { ${selection} }` : `room { ${selection} }`;
    return `{ room(id: "${room0}") { ${selection} } }`;
  };
  const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: room(id: "${room0}") { id }`).join(" ")} }`;
  const two = `query A { rooms(city: "${CITY}") { id } } query B { rooms(city: "${CITY}") { name } }`;
  const raw: Array<[string, string, string?]> = [
    ["public room", op(`query($id: ID!) { room(id: $id) { id name city pricePerNight capacity status reviewCount averageRating } }`, { id: room0 })],
    ["composed room", op(`query($id: ID!) { room(id: $id) { id name reviews { id rating } board { roomName confirmedReservations } isAvailable(checkIn: "${day(200)}", checkOut: "${day(201)}") } }`, { id: room0 })],
    ["rooms of the city", op(`{ rooms(city: "${CITY}") { id name } }`)],
    ["rooms, a page", op(`query($after: ID) { rooms(city: "${CITY}", first: 1, after: $after) { id } }`, { after: fixtures.roomIds[2] })],
    ["rooms, clamped", op(`{ rooms(city: "${CITY}", first: 100000) { id } }`)],
    ["rooms, negative first", op(`{ rooms(city: "${CITY}", first: -1) { id } }`)],
    ["rooms, unknown cursor", op(`{ rooms(city: "${CITY}", after: "00000000-0000-4000-8000-000000000000") { id } }`)],
    ["rooms, junk cursor", op(`{ rooms(city: "${CITY}", after: "' OR 1=1 --") { id } }`)],
    ["my reservations", op(`{ myReservations { id status amount nights room { id name } payment { status amount } mileage { kind points } } }`), "guest"],
    ["my reservations, pages", op(`query($after: ID) { myReservations(first: 2, after: $after) { id } }`, { after: fixtures.reservationIds[3] }), "guest"],
    ["my reservations, a cursor of another list", op(`{ myReservations(after: "${room0}") { id } }`), "guest"],
    ["my reservations, anonymous", op(`{ myReservations { id } }`)],
    ["my reservations, other guest", op(`{ myReservations { id } }`), "otherGuest"],
    ["reservation, own", op(`query($id: ID!) { reservation(id: $id) { id status payment { status } } }`, { id: confirmed }), "guest"],
    ["reservation, rejected", op(`query($id: ID!) { reservation(id: $id) { id status payment { status } } }`, { id: rejected }), "guest"],
    ["reservation, someone else's", op(`query($id: ID!) { reservation(id: $id) { id } }`, { id: confirmed }), "otherGuest"],
    ["reservation, the host's view", op(`query($id: ID!) { reservation(id: $id) { id guestId } }`, { id: confirmed }), "host"],
    ["room reservations as host", op(`query($id: ID!) { room(id: $id) { reservations { id status } } }`, { id: room0 }), "host"],
    ["room reservations as guest (the issue's FORBIDDEN)", op(`query($id: ID!) { room(id: $id) { id reservations { id } } }`, { id: room0 }), "guest"],
    ["room reservations anonymous", op(`query($id: ID!) { room(id: $id) { id reservations { id } } }`, { id: room0 })],
    ["room reservations by status, paged", op(`query($id: ID!) { room(id: $id) { reservations(status: CONFIRMED, first: 1) { id } } }`, { id: room0 }), "host"],
    ["mileage", op(`{ myMileage { guestId balance entries(first: 1) { points kind } } }`), "guest"],
    ["mileage, unknown cursor", op(`{ myMileage { entries(after: "00000000-0000-4000-8000-000000000000") { id } } }`), "guest"],
    ["messages", op(`{ myMessages { id kind text } }`), "guest"],
    ["messages, after the newest", op(`query($after: ID) { myMessages(first: 5, after: $after) { id } }`, { after: fixtures.messageIds[0] }), "guest"],
    ["messages, someone else's cursor", op(`query($after: ID) { myMessages(after: $after) { id } }`, { after: fixtures.messageIds[0] }), "otherGuest"],
    ["reviews, unknown cursor", op(`query($id: ID!) { room(id: $id) { reviews(after: "00000000-0000-4000-8000-000000000000") { id } } }`, { id: room1 })],
    ["typename", op(`{ __typename }`)],
    ["fragments and directives", op(`query($s: Boolean!) { room(id: "${room0}") { ...R ... on Room { name @skip(if: $s) } } } fragment R on Room { id city @include(if: $s) }`, { s: true })],
    ["syntax error", op(`{ rooms { id `)],
    ["empty document", op(` `)],
    ["empty query", op(``)],
    ["unknown field", op(`{ rooms { id password } }`)],
    ["unknown argument", op(`{ rooms(limit: 5) { id } }`)],
    ["missing selection", op(`{ room(id: "${room0}") }`)],
    ["fragment cycle", op(`{ room(id: "x") { ...A } } fragment A on Room { reviews { room { ...A } } }`)],
    ["missing operationName", op(two)],
    ["unknown operationName", op(two, undefined, "C")],
    ["named operation", op(two, undefined, "B")],
    ["operationName on a single anonymous operation", op(`{ __typename }`, undefined, "X")],
    ["depth 13", op(deep(12))],
    ["depth 20", op(deep(19))],
    ["31 aliases", op(aliases(31))],
    ["30 aliases", op(aliases(30))],
    ["token limit", op(aliases(1000))],
    ["list bomb", op(`{ rooms(first: 200) { reviews(first: 100) { room { reviews(first: 100) { id } } } } }`)],
    ["list bomb through variables", op(`query($n: Int) { room(id: "r") { reviews(first: $n) { room { reviews(first: $n) { id } } } } }`, { n: 10_000 })],
    ["unbounded-before lists", op(`{ myReservations(first: 200) { room { reservations(first: 200) { id } } } }`), "guest"],
    ["introspection", op(getIntrospectionQuery())],
    ["nested introspection", op(`{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`)],
    ["subscription over HTTP", op(`subscription { roomChanged(roomId: "${room0}") { id } }`)],
    ["variables of the wrong type", op(REGISTER_ROOM, { input: { name: 1, description: ["x"], city: null, pricePerNight: "cheap", capacity: 1.5 } }), "host"],
    ["an object for an ID", op(`query($id: ID!) { room(id: $id) { id } }`, { id: { $ne: null } })],
    ["a NUL in a filter", op(`query($city: String) { rooms(city: $city) { id } }`, { city: "Seoul\u0000" })],
    ["a lone surrogate in an id", op(`query($id: ID!) { room(id: $id) { id } }`, { id: "\ud800" })],
    ["a NUL in a literal", op(`{ rooms(city: "a\\u0000b") { id } }`)],
    ["a missing required variable", op(`query($id: ID!) { room(id: $id) { id } }`)],
    ["an unknown enum value", op(`query($s: ReservationStatus) { room(id: "${room0}") { reservations(status: $s) { id } } }`, { s: "PENDING" }), "host"],
    ["expired token", op(`{ rooms(city: "${CITY}") { id } }`), "expired"],
    ["forged token", op(`{ myReservations { id } }`), "forged"],
    ["not a bearer", op(`{ rooms(city: "${CITY}") { id } }`), "malformed"],
    ["a guest registering a room", op(REGISTER_ROOM, { input: { name: "n", description: "d", city: CITY, pricePerNight: 1, capacity: 1 } }), "guest"],
    ["anonymous booking", op(`mutation { reserveRoom(input: { roomId: "${room0}", checkIn: "${day(300)}", checkOut: "${day(301)}", guests: 1 }) { id } }`)],
    ["a host cancelling a guest's stay", op(`mutation { cancelReservation(id: "${confirmed}") { id } }`), "host"],
    ["a mutation with a syntax error", op(`mutation { registerRoom(input: { name: }) { id } }`), "host"],
    ["query is not a string", JSON.stringify({ query: 42 })],
    ["variables is an array", JSON.stringify({ query: `{ __typename }`, variables: [1] })],
    ["operationName is a number", JSON.stringify({ query: `{ __typename }`, operationName: 7 })],
    ["a batch", JSON.stringify([{ query: `{ __typename }` }, { query: `{ __typename }` }])],
    ["a persisted query", JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } })],
    ["not JSON", `{not json`],
    ["JSON null", `null`],
  ];
  return raw.map(([name, body, caller]) => ({ name, body, ...(caller ? { caller } : {}) }));
}

/** Selections over the real schema: every field, arguments from a pool of good, bad and hostile values. */
function generatedCases(count: number): Case[] {
  const ids = () => fc.constantFrom(...fixtures.roomIds, ...fixtures.reservationIds, ...fixtures.messageIds, "00000000-0000-4000-8000-000000000000", "x", "");
  const values: Record<string, () => fc.Arbitrary<unknown>> = {
    first: () => fc.constantFrom(undefined, 0, 1, 2, 5, 50, 200, 201, 100_000, -1),
    after: () => fc.oneof(fc.constant(undefined), ids()),
    id: ids,
    roomId: ids,
    city: () => fc.constantFrom(CITY, undefined),
    checkIn: () => fc.constantFrom(day(200), day(400), "2020-01-01", "not-a-day"),
    checkOut: () => fc.constantFrom(day(202), day(199), "2020-01-02"),
  };
  const literal = (value: unknown) => JSON.stringify(value);
  const fieldArbitrary = (parent: GraphQLObjectType, depth: number): fc.Arbitrary<string> => {
    const fields = Object.values(parent.getFields()).filter((field) => field.args.every((arg) => !isNonNullType(arg.type) || values[arg.name]));
    return fc.constantFrom(...fields).chain((field) => selectionOf(field, depth));
  };
  const argumentsOf = (field: GraphQLField<unknown, unknown>): fc.Arbitrary<string> => {
    const args = field.args.map((arg) => {
      const named = getNamedType(arg.type);
      const pool = values[arg.name] ?? (isEnumType(named) ? () => fc.constantFrom(undefined, ...named.getValues().map((v) => ({ enum: v.name }))) : () => fc.constant(undefined));
      return pool().map((value) => (value === undefined ? "" : `${arg.name}: ${typeof value === "object" && value && "enum" in value ? (value as { enum: string }).enum : literal(value)}`));
    });
    return args.length ? fc.tuple(...args).map((parts) => (parts.some(Boolean) ? `(${parts.filter(Boolean).join(", ")})` : "")) : fc.constant("");
  };
  const selectionOf = (field: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<string> => {
    const type = getNamedType(field.type);
    return fc.tuple(argumentsOf(field), fc.option(fc.constantFrom("x", "y", "z"), { freq: 5 })).chain(([args, alias]) => {
      const head = `${alias ? `${alias}${depth}: ` : ""}${field.name}${args}`;
      if (isLeafType(type) || !isObjectType(type)) return fc.constant(head);
      if (depth >= 6) return fc.constant(`${head} { __typename }`);
      return fc.array(fieldArbitrary(type, depth + 1), { minLength: 1, maxLength: 4 }).map((inner) => `${head} { ${inner.join(" ")} }`);
    });
  };
  const query = schema.getQueryType()!;
  // Global lists (every room of the e2e run, the whole board) are left to the listed cases: other files' events may still change them.
  const roots = Object.values(query.getFields()).filter((field) => field.name !== "roomBoard");
  const operation = fc.tuple(
    fc.array(fc.constantFrom(...roots).chain((field) => selectionOf(field, 1)), { minLength: 1, maxLength: 3 }),
    fc.constantFrom("anonymous", "guest", "host", "otherGuest"),
    fc.constantFrom("as is", "as is", "as is", "as is", "truncated", "typo"),
    fc.nat(),
  ).map(([selections, caller, damage, cut]) => {
    let text = `{ ${selections.map((selection) => selection.replace(/^rooms(?!\w)(\([^)]*\))?/, (_, args?: string) => `rooms${scoped(args)}`)).join(" ")} }`;
    if (damage === "truncated") text = text.slice(0, cut % text.length);
    if (damage === "typo") text = text.replace(/\bid\b/, "idd");
    return { name: `generated: ${text.slice(0, 80)}`, body: op(text), caller };
  });
  return fc.sample(operation, { numRuns: count, seed: 13 });
}

/** `rooms` answers every room of the run: scoped to this file's city so the answer is fixed. */
function scoped(args: string | undefined): string {
  if (!args) return `(city: ${JSON.stringify(CITY)})`;
  return args.includes("city:") ? args.replace(/city: "[^"]*"/, `city: ${JSON.stringify(CITY)}`) : `(city: ${JSON.stringify(CITY)}, ${args.slice(1)}`;
}

// ------------------------------------------------------------------ the comparison

describe("the fast path and Apollo Server answer alike", () => {
  it("answers a corpus of at least 300 operations with the same status and body through both", async () => {
    const cases = [...listedCases(), ...generatedCases(260)];
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const differences: string[] = [];
    const statuses: Record<number, number> = {};
    for (const { name, body, caller } of cases) {
      const authorization = caller ? tokens[caller] : undefined;
      const [fast, apollo] = [await post(routerUrl(), body, authorization), await post(apolloRouter.url, body, authorization)];
      statuses[fast.status] = (statuses[fast.status] ?? 0) + 1;
      if (JSON.stringify(sorted(fast)) !== JSON.stringify(sorted(apollo))) differences.push(`${name}\n  fast:   ${JSON.stringify(fast)}\n  apollo: ${JSON.stringify(apollo)}`);
      expect(fast.status, `${name}: ${JSON.stringify(fast.body)}`).toBeLessThan(500);
      expect(JSON.stringify(fast.body)).not.toContain("INTERNAL_SERVER_ERROR");
    }
    console.log(`differential corpus: ${cases.length} operations over HTTP, statuses ${JSON.stringify(statuses)}`);
    expect(differences, differences.slice(0, 5).join("\n")).toEqual([]);
  });

  it("keeps every accepted operation's response within the size its measured cost allows", async () => {
    // The cost model counts objects: a response holds at most `cost` objects (below `data`), each at most
    // MAX_OBJECT_BYTES (five 2,000-character strings, JSON-escaped at worst 6 bytes a character, and change).
    const MAX_OBJECT_BYTES = 64 * 1024;
    let checked = 0;
    for (const { body, caller } of generatedCases(400).filter((c) => !c.name.includes("idd"))) {
      const { query } = JSON.parse(body) as { query: string };
      let document;
      try { document = parse(query); } catch { continue; }
      const answer = await post(routerUrl(), body, caller ? tokens[caller] : undefined);
      const data = (answer.body as { data?: unknown }).data;
      if (answer.status !== 200 || !data) continue;
      const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition")!;
      const { cost } = measureOperation(schema, document, operation, {}, 10);
      const objects = countObjects(data) - 1;
      expect(objects, query).toBeLessThanOrEqual(cost);
      expect(Buffer.byteLength(JSON.stringify(answer.body)), query).toBeLessThanOrEqual(1024 + cost * MAX_OBJECT_BYTES);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("answers the subscription corpus over graphql-ws alike", async () => {
    const [room0] = fixtures.roomIds;
    const subscriptions: Array<[string, string, Record<string, unknown>?, string?]> = [
      ["room changes", `subscription($id: ID!) { roomChanged(roomId: $id) { id name board { confirmedReservations } } }`, { id: room0 }],
      ["room changes with reviews", `subscription($id: ID!) { roomChanged(roomId: $id) { reviews(first: 5) { id rating } } }`, { id: room0 }],
      ["a host-only field, as a guest", `subscription($id: ID!) { roomChanged(roomId: $id) { reservations { id } } }`, { id: room0 }, "guest"],
      ["a host-only field, anonymous", `subscription($id: ID!) { roomChanged(roomId: $id) { reservations { id } } }`, { id: room0 }],
      ["a host-only field, as the host", `subscription($id: ID!) { roomChanged(roomId: $id) { reservations { id } } }`, { id: room0 }, "host"],
      ["depth 16", `subscription { roomChanged(roomId: "r") { reviews(first: 1) { room { reviews(first: 1) { room { reviews(first: 1) { room { reviews(first: 1) { room { reviews(first: 1) { room { reviews(first: 1) { room { reviews(first: 1) { room { reviews(first: 1) { id } } } } } } } } } } } } } } } }`],
      ["list bomb", `subscription { roomChanged(roomId: "r") { reviews(first: 10000) { room { reviews(first: 10000) { id } } } } }`],
      ["31 aliases", `subscription { roomChanged(roomId: "r") { ${Array.from({ length: 31 }, (_, i) => `a${i}: id`).join(" ")} } }`],
      ["syntax error", `subscription { roomChanged(roomId: "r") { id `],
      ["unknown field", `subscription { roomChanged(roomId: "r") { password } }`],
      ["a query over graphql-ws", `{ rooms { id } }`],
      ["a mutation over graphql-ws", `mutation { deleteRoom(id: "x") { id } }`, undefined, "host"],
      ["two fields", `subscription { roomChanged(roomId: "r") { id } messageReceived { id } }`, undefined, "guest"],
      ["messages, anonymous", `subscription { messageReceived { id } }`],
      ["messages, as a guest", `subscription { messageReceived { id text } }`, undefined, "guest"],
      ["reservations without a filter", `subscription { reservationStatusChanged { id } }`, undefined, "guest"],
      ["a reservation of someone else", `subscription($id: ID) { reservationStatusChanged(reservationId: $id) { id status } }`, { id: fixtures.reservationIds[0] }, "otherGuest"],
      ["an own reservation", `subscription($id: ID) { reservationStatusChanged(reservationId: $id) { id status } }`, { id: fixtures.reservationIds[0] }, "guest"],
      ["a variable of the wrong type", `subscription($id: ID!) { roomChanged(roomId: $id) { id } }`, { id: { $ne: 1 } }],
      ["a missing variable", `subscription($id: ID!) { roomChanged(roomId: $id) { id } }`],
      ["an expired token", `subscription { messageReceived { id } }`, undefined, "expired"],
    ];
    const outcome = async (url: string, query: string, variables: Record<string, unknown> | undefined, caller: string | undefined) => {
      const token = caller ? tokens[caller]?.replace(/^Bearer /, "") : undefined;
      const client = liveClient(url, token);
      let done = false;
      const live = client.subscribe(query, variables);
      const metrics = url.replace(/\/graphql$/, "/metrics");
      const opened = () => fetch(metrics).then((res) => res.text()).then((text) => /^graphql_subscriptions\{[^}]*\} 1$/m.test(text));
      const result = await Promise.race([
        live.failed.then((error) => (Array.isArray(error) ? { refused: withoutErrorIds(error) } : { closed: (error as { code?: number }).code })),
        client.closed.then((code) => ({ closed: code })),
        waitFor(async () => done || (await opened()), { what: "the subscription to open" }).then(() => ({ accepted: true })),
      ]);
      done = true;
      await client.dispose();
      await waitFor(async () => !(await opened()), { what: "the subscription to close" });
      return result;
    };
    const differences: string[] = [];
    const outcomes: Record<string, number> = {};
    for (const [name, query, variables, caller] of subscriptions) {
      const fast = await outcome(routerUrl(), query, variables, caller);
      const apollo = await outcome(apolloRouter.url, query, variables, caller);
      const kind = Object.keys(fast)[0]!;
      outcomes[kind] = (outcomes[kind] ?? 0) + 1;
      if (JSON.stringify(fast) !== JSON.stringify(apollo)) differences.push(`${name}\n  default: ${JSON.stringify(fast)}\n  apollo:  ${JSON.stringify(apollo)}`);
    }
    console.log(`differential corpus: ${subscriptions.length} subscriptions over graphql-ws, outcomes ${JSON.stringify(outcomes)}`);
    expect(outcomes.accepted).toBeGreaterThan(3);
    expect(outcomes.refused).toBeGreaterThan(10);
    expect(differences, differences.join("\n")).toEqual([]);
  });
});

/**
 * Key order is not part of an answer, nor the order of errors from fetches the gateway runs in
 * parallel, nor which of two failing siblings below one root field an error names: once one has
 * nulled their non-null parent, graphql-js in the subgraph reports whichever settled first (seen
 * as ["x1","y2"] on one router and ["x1","z2"] on the other for the same query). Errors keep
 * their root field.
 */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => {
    const inner = sorted((value as Record<string, unknown>)[key]);
    if (key !== "errors" || !Array.isArray(inner)) return [key, inner];
    const rooted = inner.map((error: { path?: unknown[] }) => (error.path ? { ...error, path: error.path.slice(0, 1) } : error));
    return [key, rooted.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))];
  }));
}

function countObjects(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countObjects(item), 0);
  if (typeof value !== "object" || value === null) return 0;
  return 1 + Object.values(value).reduce((sum: number, item) => sum + countObjects(item), 0);
}
