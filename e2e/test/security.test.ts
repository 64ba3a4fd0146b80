import { spawn } from "node:child_process";
import { Agent, request, type IncomingHttpHeaders } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import fc from "fast-check";
import { SignJWT } from "jose";
import { InternalTokens } from "@airbnb/identity";
import { DEV_INTERNAL_SECRET, DEV_JWT_SECRET } from "@airbnb/config";
import WebSocket from "ws";
import { gql, liveClient, mintToken, waitFor, type LiveClient } from "@airbnb/testkit";
import { startRouter } from "../../router/src/router.ts";
import { asGuest, asHost, call, REGISTER_ROOM, routerUrl, subscriptionsOpen } from "../support.ts";

// Attacks on the router (and around it), over HTTP against the running system.
// Hostile traffic comes from other loopback addresses (127.0.0.2, 127.0.0.3, …):
// each is its own client IP for the router's rate limits, so this file never
// spends the limit of 127.0.0.1, from which the rest of the suite runs.

const env = () => inject("e2eEnv");
const MY_RESERVATIONS = `{ myReservations { id } }`;
const agents = new Map<string, Agent>();
afterAll(() => agents.forEach((agent) => agent.destroy()));

interface RawResponse { status: number; headers: IncomingHttpHeaders; text: string; json: any }

/** One HTTP request with node:http, from `from` (a loopback address), keep-alive. */
function send(options: { path?: string; method?: string; headers?: Record<string, string>; body?: string | Buffer; from?: string; port?: number }): Promise<RawResponse> {
  const url = new URL(routerUrl());
  const from = options.from ?? "127.0.0.1";
  let agent = agents.get(from);
  if (!agent) agents.set(from, (agent = new Agent({ keepAlive: true, localAddress: from, maxSockets: 32 })));
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname, port: options.port ?? url.port, path: options.path ?? url.pathname, method: options.method ?? "POST", agent,
      headers: { ...(options.body !== undefined ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: any;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

const post = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}, from?: string) =>
  send({ body: JSON.stringify({ query, variables }), headers, ...(from ? { from } : {}) });
const codeOf = (res: RawResponse) => res.json?.errors?.[0]?.extensions?.code as string | undefined;

/** `room(id) { reviews { room { reviews … } } }`: `levels` fields below the root field, then `id`. */
const deepQuery = (levels: number) => {
  let selection = "id";
  for (let i = levels - 1; i >= 0; i--) selection = i % 2 === 0 ? `reviews(first: 1) { ${selection} }` : `room { ${selection} }`;
  return `{ room(id: "r") { ${selection} } }`;
};
const aliasQuery = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: room(id: "${i}") { id }`).join(" ")} }`;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("identity attacks", () => {
  it.each([
    ["an expired token", () => mintToken({ sub: "g", roles: ["guest"], expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ["a token forged with another secret", () => mintToken({ sub: "g", roles: ["guest"], secret: "not-the-secret-at-all-0123456789" })],
    ["an alg:none token", async () => `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "g", roles: ["guest", "host"], exp: 4102444800 })}.`],
    ["an HS512 token with the right secret (algorithm not pinned)", () =>
      new SignJWT({ roles: ["guest"] }).setProtectedHeader({ alg: "HS512" }).setSubject("g").setExpirationTime("1h").sign(new TextEncoder().encode(DEV_JWT_SECRET))],
    ["a bearer that is not a JWT", async () => "' OR 1=1 --"],
  ])("refuses %s: 401 UNAUTHENTICATED", async (_, token) => {
    const res = await post(MY_RESERVATIONS, {}, { authorization: `Bearer ${await token()}` });
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
  });

  it("says in words that a token expired, on a public read too", async () => {
    const expired = await mintToken({ sub: "g", roles: ["guest"], expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const res = await post(`{ rooms(first: 1) { id } }`, {}, { authorization: `Bearer ${expired}` });
    expect(res.status).toBe(401);
    expect(res.json.errors[0].message).toBe("token expired: sign in again");
  });

  it("ignores identity headers a client sends, even a correctly signed internal token", async () => {
    const internal = await new InternalTokens(DEV_INTERNAL_SECRET, "router").sign({ userId: "victim", roles: ["guest", "host"] });
    const res = await post(MY_RESERVATIONS, {}, { "x-internal-identity": internal, "x-user-id": "victim", "x-forwarded-user": "victim" });
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
    expect(res.json.data).toBeNull();
  });

  it("a subgraph refuses a direct call without the router's internal token: 401", async () => {
    const port = Number(env().ROOM_PORT);
    const query = JSON.stringify({ query: `{ rooms { id } }` });
    const bare = await send({ port, path: "/graphql", body: query });
    expect(bare.status).toBe(401);
    expect(codeOf(bare)).toBe("UNAUTHENTICATED");
    const forged = await send({
      port, path: "/graphql", body: query,
      headers: { "x-internal-identity": await new InternalTokens("another-internal-secret-0123456789", "router").sign({ userId: "u", roles: ["host"] }) },
    });
    expect(forged.status).toBe(401);
    const internalRoute = await send({ port, path: "/internal/anything", body: "{}" });
    expect(internalRoute.status).toBe(401);
  });
});

describe("query limits at the router", () => {
  it("refuses a depth-20 query with QUERY_TOO_COMPLEX (400)", async () => {
    const res = await post(deepQuery(19));
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe("QUERY_TOO_COMPLEX");
    expect(res.json.errors[0].message).toMatch(/depth 21/);
  });

  it("refuses a 1,000-alias query (over the token limit) and a 31-alias one (over the alias limit)", async () => {
    const thousand = await post(aliasQuery(1000));
    expect(thousand.status).toBe(400);
    expect(codeOf(thousand)).toBe("QUERY_TOO_COMPLEX");
    const many = await post(aliasQuery(31));
    expect(many.status).toBe(400);
    expect(codeOf(many)).toBe("QUERY_TOO_COMPLEX");
    expect(many.json.errors[0].message).toMatch(/31 aliases/);
  });

  it("refuses list multiplication over the cost limit, and lets the heaviest legitimate reads through", async () => {
    const bomb = await post(`{ rooms(first: 200) { reviews(first: 100) { room { reviews(first: 100) { id } } } } }`);
    expect(bomb.status).toBe(400);
    expect(codeOf(bomb)).toBe("QUERY_TOO_COMPLEX");
    // `first` is clamped to the list's maximum (200), so the cost is what the subgraphs can really return: 1 + 200 × (1 + 1 + 200).
    const clamped = await post(`query($n: Int) { room(id: "r") { reviews(first: $n) { room { reviews(first: $n) { id } } } } }`, { n: 10_000 });
    expect(codeOf(clamped)).toBe("QUERY_TOO_COMPLEX");
    expect(clamped.json.errors[0].message).toMatch(/cost 40401/);

    const host = await asHost();
    const room = (await call(host, REGISTER_ROOM, { input: { name: "Heavy", description: "d", city: "Seoul", pricePerNight: 100, capacity: 2 } })).data!.registerRoom;
    const detail = () => call(host, `query($id: ID!) { room(id: $id) {
      id name reservations { id status payment { id status amount } mileage { kind points } }
      reviews { rating comment } board { roomName confirmedReservations } } }`, { id: room.id });
    // The reservation and viewpage contexts learn of the room through events: ask until they have.
    await waitFor(async () => (await detail()).errors === undefined, { what: "the room's composed detail" });
    const board = await call(undefined, `{ roomBoard(first: 1000) { roomId roomName roomStatus lastReservationStatus confirmedReservations } }`);
    expect(board.errors).toBeUndefined();
  });

  it("answers Sandbox's introspection query (not production)", async () => {
    const { getIntrospectionQuery } = await import("graphql");
    const res = await post(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true }));
    expect(res.status).toBe(200);
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.__schema.queryType.name).toBe("Query");
  });
});

describe("malformed requests", () => {
  it("answers a 2 MB body with 413, never reading it into memory", async () => {
    const body = JSON.stringify({ query: `{ rooms { id } }`, variables: { pad: "x".repeat(2 * 1024 * 1024) } });
    const res = await send({ body }).catch((error: Error) => ({ status: 0, error }) as const);
    // The router answers 413 from Content-Length at once; a client still writing may see the connection end instead.
    if (res.status !== 0) {
      expect(res.status).toBe(413);
      expect(codeOf(res as RawResponse)).toBe("BAD_REQUEST");
    }
    // Without Content-Length (chunked), the router counts while reading and stops at 1 MiB.
    const chunked = await new Promise<number>((resolve, reject) => {
      const url = new URL(routerUrl());
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent: false, headers: { "content-type": "application/json" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      // The router answers 413 and closes the connection while we still write: EPIPE/ECONNRESET may beat the response here.
      req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? resolve(413) : reject(error)));
      const chunk = Buffer.alloc(256 * 1024, 32);
      let sent = 0;
      const write = () => {
        while (sent < 12 && req.write(chunk)) sent++;
        if (sent < 12) req.once("drain", () => { sent++; write(); });
        else req.end();
      };
      write();
    });
    expect(chunked).toBe(413);
  });

  it("answers malformed JSON and non-JSON bodies with 400", async () => {
    expect((await send({ body: "{not json" })).status).toBe(400);
    expect((await send({ body: JSON.stringify({ query: 42 }) })).status).toBe(400);
    expect((await send({ body: "" })).status).toBe(400);
  });

  it("answers a missing or unknown operationName with 400, never a 5xx", async () => {
    const two = `query A { rooms(first: 1) { id } } query B { rooms(first: 1) { name } }`;
    const missing = await send({ body: JSON.stringify({ query: two }) });
    expect(missing.status).toBe(400);
    expect(codeOf(missing)).toBe("BAD_REQUEST");
    const unknown = await send({ body: JSON.stringify({ query: two, operationName: "C" }) });
    expect(unknown.status).toBe(400);
    expect(codeOf(unknown)).toBe("GRAPHQL_VALIDATION_FAILED");
    const named = await send({ body: JSON.stringify({ query: two, operationName: "B" }) });
    expect(named.status).toBe(200);
  });

  it("keeps extensions to the contract's fields: no subgraph is named", async () => {
    const host = await asHost();
    const room = (await call(host, REGISTER_ROOM, { input: { name: "Private", description: "d", city: "Seoul", pricePerNight: 100, capacity: 2 } })).data!.registerRoom;
    const guest = await asGuest();
    const res = await waitFor(async () => {
      const answer = await post(`query($id: ID!) { room(id: $id) { id reservations { id } } }`, { id: room.id }, { authorization: `Bearer ${guest.token}` });
      return codeOf(answer) === "FORBIDDEN" ? answer : undefined;
    }, { what: "the reservation context to know the room" });
    for (const error of res.json.errors) expect(Object.keys(error.extensions).every((key) => ["code", "field", "retryAfterSeconds", "errorId"].includes(key)), JSON.stringify(error)).toBe(true);
    expect(res.text).not.toMatch(/serviceName|reservation"/);
  });

  it("refuses a batched (array) body: batching is off", async () => {
    const res = await send({ body: JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it("answers wrongly typed variables with BAD_USER_INPUT (400)", async () => {
    const host = await asHost();
    const res = await post(REGISTER_ROOM, { input: { name: 1, description: ["x"], city: null, pricePerNight: "cheap", capacity: 1.5 } }, { authorization: `Bearer ${host.token}` });
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe("BAD_USER_INPUT");
    const id = await post(`query($id: ID!) { room(id: $id) { id } }`, { id: { $ne: null } });
    expect(codeOf(id)).toBe("BAD_USER_INPUT");
  });

  it("answers a syntax error with GRAPHQL_PARSE_FAILED and an unknown field with GRAPHQL_VALIDATION_FAILED, never a 5xx", async () => {
    expect(codeOf(await post(`{ rooms { id `))).toBe("GRAPHQL_PARSE_FAILED");
    const unknown = await post(`{ rooms { id password } }`);
    expect(unknown.status).toBe(400);
    expect(codeOf(unknown)).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

describe("bounded lists with cursors", () => {
  it("pages through a guest's reservations; first is clamped to 200; an after of no item of the list is BAD_USER_INPUT", async () => {
    const host = await asHost();
    const room = (await call(host, REGISTER_ROOM, { input: { name: "Pages", description: "d", city: "Seoul", pricePerNight: 100, capacity: 2 } })).data!.registerRoom;
    const guest = await asGuest();
    // Declined cards: REJECTED reservations hold no nights and charge nothing, so one guest can have many.
    const book = () => call(guest, `mutation($input: ReserveRoomInput!) { reserveRoom(input: $input) { id status } }`, {
      input: { roomId: room.id, checkIn: "2027-06-01", checkOut: "2027-06-03", guests: 1, paymentMethod: "declined-card" },
    });
    await waitFor(async () => (await book()).data?.reserveRoom?.status === "REJECTED", { what: "the reservation context to know the room" });
    for (let i = 0; i < 4; i++) expect((await book()).data!.reserveRoom.status).toBe("REJECTED");
    const page = (first: number, after?: string) => post(`query($first: Int, $after: ID) { myReservations(first: $first, after: $after) { id } }`, { first, after }, { authorization: `Bearer ${guest.token}` });
    const all = (await page(1_000_000)).json.data.myReservations.map((r: { id: string }) => r.id);
    expect(all).toHaveLength(5);
    const first = (await page(2)).json.data.myReservations.map((r: { id: string }) => r.id);
    const second = (await page(2, first[1])).json.data.myReservations.map((r: { id: string }) => r.id);
    const third = (await page(2, second[1])).json.data.myReservations.map((r: { id: string }) => r.id);
    expect([...first, ...second, ...third]).toEqual(all);
    for (const after of ["00000000-0000-4000-8000-000000000000", "'; DROP TABLE reservations; --", room.id]) {
      const bad = await page(2, after);
      expect(bad.status).toBe(200);
      expect(bad.json.errors[0].extensions).toEqual({ code: "BAD_USER_INPUT", field: "after" });
    }
  });
});

describe("subscriptions: the limits and rules of HTTP", () => {
  const clients: LiveClient[] = [];
  const open = (token?: string, url = routerUrl()) => {
    const client = liveClient(url, token);
    clients.push(client);
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
  });
  const failedCode = async (subscription: { failed: Promise<unknown> }) => ((await subscription.failed) as Array<{ extensions: Record<string, unknown> }>)[0]!.extensions;

  it("refuses a depth-16 selection and a list bomb with QUERY_TOO_COMPLEX, as over HTTP", async () => {
    let selection = "id";
    for (let i = 14; i >= 0; i--) selection = i % 2 === 0 ? `reviews(first: 1) { ${selection} }` : `room { ${selection} }`;
    const client = open();
    expect(await failedCode(client.subscribe(`subscription { roomChanged(roomId: "r") { ${selection} } }`))).toMatchObject({ code: "QUERY_TOO_COMPLEX" });
    const bomb = client.subscribe(`subscription { roomChanged(roomId: "r") { reviews(first: 10000) { room { reviews(first: 10000) { id } } } } }`);
    expect(await failedCode(bomb)).toMatchObject({ code: "QUERY_TOO_COMPLEX" });
  });

  it("refuses a host-only field to a guest (FORBIDDEN) and to an anonymous caller (UNAUTHENTICATED) at subscribe time; its host may", async () => {
    const host = await asHost();
    const room = (await call(host, REGISTER_ROOM, { input: { name: "Live private", description: "d", city: "Seoul", pricePerNight: 100, capacity: 2 } })).data!.registerRoom;
    const query = `subscription($id: ID!) { roomChanged(roomId: $id) { id reservations { id } } }`;
    expect(await failedCode(open((await asGuest()).token).subscribe(query, { id: room.id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failedCode(open().subscribe(query, { id: room.id }))).toMatchObject({ code: "UNAUTHENTICATED" });
    // The host is accepted once the reservation context knows the room (events): until then it is not theirs either.
    await waitFor(async () => {
      const client = open(host.token);
      const live = client.subscribe(query, { id: room.id });
      const outcome = await Promise.race([live.failed.then(() => "refused"), subscriptionsOpen(1, 2000).then(() => "open", () => "refused")]);
      await client.dispose();
      await subscriptionsOpen(0);
      return outcome === "open";
    }, { what: "the host's subscription to be accepted" });
  });

  it("holds exactly 100 subscriptions per socket: the 101st is RATE_LIMITED with retryAfterSeconds", async () => {
    const client = open();
    const accepted = Array.from({ length: 100 }, (_, i) => client.subscribe(`subscription { roomChanged(roomId: "cap-${i}") { id } }`));
    await subscriptionsOpen(100);
    const over = await failedCode(client.subscribe(`subscription { roomChanged(roomId: "cap-100") { id } }`));
    expect(over).toMatchObject({ code: "RATE_LIMITED" });
    expect(over.retryAfterSeconds).toBeGreaterThan(0);
    expect(await openSubscriptionsAfterRefusal()).toBe(100);
    expect(accepted).toHaveLength(100);
    await client.dispose();
    await subscriptionsOpen(0);
  });

  /** graphql_subscriptions from the router's metrics, read after a refusal has been answered. */
  const openSubscriptionsAfterRefusal = async () => {
    const text = await (await fetch(routerUrl().replace(/\/graphql$/, "/metrics"))).text();
    return Number(text.split("\n").find((line) => line.startsWith("graphql_subscriptions{"))?.split(" ").pop());
  };

  /** The HTTP status an upgrade gets: 101 when it is accepted. */
  const upgrade = (url: string, headers: Record<string, string> = {}, localAddress?: string) => new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws", { headers, ...(localAddress ? { localAddress } : {}) });
    socket.once("open", () => {
      socket.close();
      resolve({ status: 101 });
    });
    socket.once("unexpected-response", (_, res) => {
      resolve({ status: res.statusCode ?? 0, ...(res.headers["retry-after"] ? { retryAfter: String(res.headers["retry-after"]) } : {}) });
      res.resume();
    });
    socket.once("error", (error) => (error.message.startsWith("Unexpected server response") ? undefined : reject(error)));
  });

  it("refuses an upgrade from an origin CORS does not allow", async () => {
    expect((await upgrade(routerUrl(), { origin: "https://evil.example" })).status).toBe(403);
    expect((await upgrade(routerUrl(), { origin: "http://localhost:5173" })).status).toBe(101);
    expect((await upgrade(routerUrl())).status).toBe(101);
  });

  it("limits upgrades per address: 429 with Retry-After, other addresses go on", async () => {
    const router = await startRouter({ ...env(), ROUTER_PORT: "0", WS_UPGRADES_PER_IP_PER_MINUTE: "3", LOG_LEVEL: "error" });
    try {
      for (let i = 0; i < 3; i++) expect((await upgrade(router.url, {}, "127.0.0.40")).status).toBe(101);
      const over = await upgrade(router.url, {}, "127.0.0.40");
      expect(over.status).toBe(429);
      expect(Number(over.retryAfter)).toBeGreaterThan(0);
      expect((await upgrade(router.url, {}, "127.0.0.41")).status).toBe(101);
    } finally {
      await router.stop();
    }
  });
});

describe("injection-like input is data", () => {
  it("stores SQL- and script-like strings verbatim", async () => {
    const host = await asHost();
    const name = `Robert'); DROP TABLE rooms;-- <script>alert(1)</script>`;
    const input = { name, description: `"; SELECT pg_sleep(10); -- {{7*7}} \${7*7} \u0000?`.replace("\u0000", ""), city: "Seoul' OR '1'='1", pricePerNight: 100, capacity: 1 };
    const created = await call(host, REGISTER_ROOM, { input });
    expect(created.errors).toBeUndefined();
    const read = await call(undefined, `query($id: ID!) { room(id: $id) { name description city } }`, { id: created.data!.registerRoom.id });
    expect(read.data!.room).toEqual({ name: input.name, description: input.description, city: input.city });
    expect((await call(undefined, `{ rooms(first: 1) { id } }`)).errors).toBeUndefined();
  });

  it("round-trips arbitrary unicode in registerRoom, or refuses it with BAD_USER_INPUT; never a 5xx", async () => {
    const host = await asHost();
    // NUL is left out here: see the known bug below.
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }).map((value) => value.replaceAll("\u0000", "")),
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.constantFrom("", " ", "\t\n", "'", "\\", "%", "_", "$1", "\u202e", "\ufeff", "𝕏".repeat(101), "a".repeat(201), "😀".repeat(50)),
    );
    await fc.assert(
      fc.asyncProperty(text, text, text, async (name, description, city) => {
        const res = await post(REGISTER_ROOM, { input: { name, description, city, pricePerNight: 100, capacity: 1 } }, { authorization: `Bearer ${host.token}` });
        expect(res.status).toBeLessThan(500);
        if (res.json?.data?.registerRoom) {
          expect(res.json.data.registerRoom.name).toBe(name);
          const read = await call(undefined, `query($id: ID!) { room(id: $id) { name description city } }`, { id: res.json.data.registerRoom.id });
          expect(read.data!.room).toEqual({ name, description, city });
        } else {
          expect(codeOf(res), JSON.stringify(res.json)).toBe("BAD_USER_INPUT");
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("text Postgres cannot hold", () => {
  // NUL (0x00) and lone UTF-16 surrogates are refused at the input boundary, not mangled or failed on write.
  it.each([["NUL", "Room\u0000Name"], ["a lone surrogate", "Room\ud800Name"]])("refuses %s in a room name with BAD_USER_INPUT", async (_, name) => {
    const host = await asHost();
    const res = await post(REGISTER_ROOM, { input: { name, description: "d", city: "Seoul", pricePerNight: 100, capacity: 1 } }, { authorization: `Bearer ${host.token}` });
    expect(res.status).toBeLessThan(500);
    expect(codeOf(res)).toBe("BAD_USER_INPUT");
  });
});

describe("CORS and CSRF", () => {
  it("answers a preflight from an allowed origin and refuses other origins", async () => {
    const preflight = await send({
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    expect(preflight.headers["access-control-allow-headers"]).toBe("content-type, authorization");

    const evilPreflight = await send({ method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    expect(evilPreflight.status).toBe(403);
    expect(evilPreflight.headers["access-control-allow-origin"]).toBeUndefined();

    const evil = await post(`{ __typename }`, {}, { origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();

    const allowed = await post(`{ __typename }`, {}, { origin: "http://localhost:5173" });
    expect(allowed.status).toBe(200);
    expect(allowed.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
    const sameOrigin = await post(`{ __typename }`, {}, { origin: new URL(routerUrl()).origin });
    expect(sameOrigin.status).toBe(200);
  });

  it("refuses a simple cross-site request that a form or <img> could send without a preflight (csrfPrevention)", async () => {
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const simple = await send({ body: JSON.stringify({ query: "{ __typename }" }), headers: { "content-type": contentType } });
      expect(simple.status).toBe(400);
      expect(simple.text).toMatch(/CSRF/);
    }
    const get = await send({ method: "GET", path: `/graphql?query=${encodeURIComponent("{ __typename }")}` });
    expect(get.status).toBe(400);
    const getWithHeader = await send({ method: "GET", path: `/graphql?query=${encodeURIComponent("{ __typename }")}`, headers: { "apollo-require-preflight": "1" } });
    expect(getWithHeader.status).toBe(200);
  });
});

describe("rate limits", () => {
  /** `total` requests with `concurrency` in flight, each made by `make`. */
  async function flood<T>(total: number, concurrency: number, make: (i: number) => Promise<T>, until?: () => boolean): Promise<T[]> {
    const results: T[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < total && !(until?.() ?? false)) results.push(await make(next++));
    }));
    return results;
  }

  it("limits one user: 429 RATE_LIMITED with retryAfterSeconds and Retry-After", async () => {
    const limit = Number(env().RATE_LIMIT_PER_USER_PER_MINUTE);
    const guest = await asGuest();
    const auth = { authorization: `Bearer ${guest.token}` };
    // From 20 addresses, so that no address reaches its own per-second limit: only the user's limit applies.
    const from = (i: number) => `127.0.0.${10 + (i % 20)}`;
    const statuses = await flood(limit, 20, (i) => post(`{ __typename }`, {}, auth, from(i)).then((r) => r.status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(limit);
    const over = await post(`{ __typename }`, {}, auth, from(0));
    expect(over.status).toBe(429);
    expect(codeOf(over)).toBe("RATE_LIMITED");
    const retryAfter = over.json.errors[0].extensions.retryAfterSeconds;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(over.headers["retry-after"]).toBe(String(retryAfter));
    // Another user from the same address is not held back by this one.
    const other = await asGuest();
    expect((await post(`{ __typename }`, {}, { authorization: `Bearer ${other.token}` }, from(0))).status).toBe(200);
  });

  it("limits one IP, whoever it claims to be; health, readiness and metrics stay open", async () => {
    const limit = Number(env().RATE_LIMIT_PER_IP_PER_MINUTE);
    const from = "127.0.0.3";
    const statuses = await flood(limit + 50, 20, (i) => post(`{ __typename }`, {}, { "x-forwarded-for": `10.0.${i % 250}.1` }, from).then((r) => r.status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50);
    const over = await post(`{ __typename }`, {}, {}, from);
    expect(over.status).toBe(429);
    expect(codeOf(over)).toBe("RATE_LIMITED");
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    for (const path of ["/healthz", "/readyz", "/metrics"]) expect((await send({ method: "GET", path, from })).status).toBe(200);
    // Everyone else is served.
    expect((await gql(routerUrl(), `{ __typename }`)).status).toBe(200);
  });

  it("keeps the p95 latency of normal traffic flat during a flood of hostile requests", async () => {
    const normal = async () => {
      const started = performance.now();
      const res = await gql(routerUrl(), `{ rooms(first: 20) { id name city pricePerNight } }`);
      expect(res.status).toBe(200);
      return performance.now() - started;
    };
    const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.ceil(samples.length * 0.95) - 1]!;
    const sequential = async (count: number) => {
      const samples: number[] = [];
      for (let i = 0; i < count; i++) samples.push(await normal());
      return samples;
    };
    await sequential(20); // warm-up
    const baseline = p95(await sequential(200));

    const forged = await mintToken({ sub: "g", roles: ["guest"], secret: "not-the-secret-at-all-0123456789" });
    const hostile = [
      JSON.stringify({ query: deepQuery(19) }),
      JSON.stringify({ query: aliasQuery(1000) }),
      JSON.stringify({ query: `{ rooms(first: 200) { reviews(first: 100) { room { reviews(first: 100) { id } } } } }` }),
      JSON.stringify({ query: `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }` }),
      "{not json",
    ];
    // The attacker is another process (as it would be another machine), from its own address.
    const attacker = spawn(process.execPath, ["-e", FLOOD_SCRIPT], {
      env: { ...process.env, FLOOD_URL: routerUrl(), FLOOD_FROM: "127.0.0.2", FLOOD_TOTAL: "5000", FLOOD_CONCURRENCY: "20", FLOOD_BODIES: JSON.stringify(hostile), FLOOD_TOKEN: forged },
      stdio: ["pipe", "pipe", "inherit"],
    });
    let output = "";
    attacker.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const finished = new Promise<void>((resolve) => attacker.once("exit", () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the flood is under way
    const underAttack = p95(await sequential(200));
    attacker.stdin.end(); // stop now if still going
    await finished;
    const { statuses, sent } = JSON.parse(output) as { statuses: number[]; sent: number };
    expect(sent).toBeGreaterThan(0);
    const byStatus = statuses.reduce<Record<number, number>>((acc, status) => ({ ...acc, [status]: (acc[status] ?? 0) + 1 }), {});
    console.log(`p95 of a normal rooms query: ${baseline.toFixed(1)} ms alone, ${underAttack.toFixed(1)} ms during a flood of ${statuses.length} hostile requests (concurrency 20; statuses ${JSON.stringify(byStatus)})`);
    expect(Object.keys(byStatus).every((status) => Number(status) >= 400 && Number(status) < 500), JSON.stringify(byStatus)).toBe(true);
    // 3× the baseline + 20 ms, and never under 120 ms: on a small shared machine (2 cores here, busy with other
    // suites) the attacker process and the router compete for CPU whatever the router refuses.
    expect(underAttack).toBeLessThan(Math.max(3 * baseline + 20, 120));
  });
});

/** The attacker: keeps FLOOD_CONCURRENCY hostile requests in flight until FLOOD_TOTAL are sent or stdin closes; prints the statuses. */
const FLOOD_SCRIPT = `
const http = require("node:http");
const url = new URL(process.env.FLOOD_URL);
const bodies = JSON.parse(process.env.FLOOD_BODIES);
const total = Number(process.env.FLOOD_TOTAL);
const agent = new http.Agent({ keepAlive: true, localAddress: process.env.FLOOD_FROM, maxSockets: 64 });
let next = 0, stopped = false;
const statuses = [];
process.stdin.on("end", () => { stopped = true; });
process.stdin.resume();
const one = (i) => new Promise((resolve) => {
  const body = bodies[i % (bodies.length + 1)] ?? JSON.stringify({ query: "{ myReservations { id } }" });
  const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
  if (i % (bodies.length + 1) === bodies.length) headers.authorization = "Bearer " + process.env.FLOOD_TOKEN;
  const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, headers }, (res) => {
    res.resume();
    res.on("end", () => { statuses.push(res.statusCode); resolve(); });
  });
  req.on("error", () => { statuses.push(0); resolve(); });
  req.end(body);
});
const worker = async () => { while (!stopped && next < total) await one(next++); };
Promise.all(Array.from({ length: Number(process.env.FLOOD_CONCURRENCY) }, worker)).then(() => {
  process.stdout.write(JSON.stringify({ statuses, sent: next }));
  agent.destroy();
  process.exit(0);
});
`;
