import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventBus } from "@airbnb/nats";
import { errorCode, routerHeaders, startTestSubgraph, waitFor, type TestSubgraph } from "@airbnb/testkit";
import { roomSubgraph } from "../../src/subgraph.ts";

const host = { userId: "host-1", roles: ["host"] as const };
const REGISTER = `mutation($input: RegisterRoomInput!) { registerRoom(input: $input) { id name status pricePerNight } }`;
const input = { name: "Hanok", description: "Quiet courtyard", city: "Seoul", pricePerNight: 100000, capacity: 2 };

let subgraph: TestSubgraph;
let bus: EventBus;
const seen: Array<{ type: string; data: Record<string, unknown> }> = [];

beforeAll(async () => {
  subgraph = await startTestSubgraph(roomSubgraph, "room-int");
  bus = subgraph.bus;
  const sub = bus.nc.subscribe(`${subgraph.env.NATS_SUBJECT_PREFIX}.room.>`);
  void (async () => {
    for await (const msg of sub) seen.push(msg.json());
  })();
});

afterAll(async () => {
  await subgraph?.stop();
});

describe("room subgraph", () => {
  it("refuses a NUL in a string argument naming it, on the fast path and on Apollo Server's (which answers GETs)", async () => {
    const query = `query($c: String) { rooms(city: $c) { id } }`;
    const variables = { c: "Seoul\u0000" };
    const fast = await subgraph.query(query, variables);
    const search = new URLSearchParams({ query, variables: JSON.stringify(variables) });
    const viaApollo = await fetch(`${subgraph.url}?${search}`, { headers: { "apollo-require-preflight": "true", ...(await routerHeaders(null)) } });
    const apollo = { status: viaApollo.status, ...((await viaApollo.json()) as { errors?: Array<{ extensions?: unknown }> }) };
    for (const res of [fast, apollo]) {
      expect(res.status).toBe(200);
      expect(res.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "city" });
    }
  });

  it("answers the reservation context's read of a room as it is now, null for an unknown one", async () => {
    const { id } = (await subgraph.query(REGISTER, { input }, host)).data?.registerRoom;
    await subgraph.query(`mutation($id: ID!) { modifyRoom(id: $id, input: { pricePerNight: 7000, capacity: 1 }) { id } }`, { id }, host);
    const read = async (roomId: string) => {
      const response = await fetch(subgraph.url.replace(/\/graphql$/, "/internal/bookable-room"), {
        method: "POST",
        headers: { "content-type": "application/json", ...(await routerHeaders(null)) },
        body: JSON.stringify({ roomId }),
      });
      return response.json();
    };
    expect(await read(id)).toEqual({ room: { id, hostId: host.userId, pricePerNight: 7000, capacity: 1, status: "LISTED", version: 2 } });
    expect(await read("not-a-room")).toEqual({ room: null });
  });

  it("registers a room and publishes RoomRegistered through the outbox", async () => {
    const res = await subgraph.query(REGISTER, { input }, host);
    const room = res.data?.registerRoom;
    expect(room).toMatchObject({ name: "Hanok", status: "LISTED", pricePerNight: 100000 });
    const event = await waitFor(() => seen.find((e) => e.type === "RoomRegistered" && e.data.roomId === room.id));
    expect(event.data).toMatchObject({ hostId: "host-1", pricePerNight: 100000, version: 1 });
  });

  it("refuses a guest, an anonymous caller and bad input with the contract's codes", async () => {
    expect(errorCode(await subgraph.query(REGISTER, { input }, { userId: "g", roles: ["guest"] }))).toBe("FORBIDDEN");
    expect(errorCode(await subgraph.query(REGISTER, { input }, null))).toBe("UNAUTHENTICATED");
    const bad = await subgraph.query(REGISTER, { input: { ...input, pricePerNight: 0 } }, host);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "pricePerNight" });
  });

  it("lets only the owner modify and delete, and hides deleted rooms from the listing", async () => {
    const { data } = await subgraph.query(REGISTER, { input: { ...input, city: "Busan" } }, host);
    const id = data?.registerRoom.id;
    const other = { userId: "host-2", roles: ["host"] as const };
    const MODIFY = `mutation($id: ID!) { modifyRoom(id: $id, input: { pricePerNight: 90000 }) { pricePerNight } }`;
    expect(errorCode(await subgraph.query(MODIFY, { id }, other))).toBe("FORBIDDEN");
    expect((await subgraph.query(MODIFY, { id }, host)).data?.modifyRoom.pricePerNight).toBe(90000);
    const DELETE = `mutation($id: ID!) { deleteRoom(id: $id) { status } }`;
    expect((await subgraph.query(DELETE, { id }, host)).data?.deleteRoom.status).toBe("DELISTED");
    expect(errorCode(await subgraph.query(MODIFY, { id }, host))).toBe("NOT_FOUND");
    const list = await subgraph.query(`{ rooms(city: "Busan") { id } }`);
    expect(list.data?.rooms).toEqual([]);
    await waitFor(() => seen.find((e) => e.type === "RoomDeleted" && e.data.roomId === id));
  });

  it("refuses calls that do not come from the router", async () => {
    const res = await fetch(subgraph.url, { method: "POST", headers: { "content-type": "application/json", "x-internal-identity": "forged" }, body: '{"query":"{ rooms { id } }"}' });
    expect(res.status).toBe(401);
  });

  it("pages through rooms with first and after, newest first, every room once; a bad after is BAD_USER_INPUT", async () => {
    const city = `Paging-${Date.now()}`;
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await subgraph.query(REGISTER, { input: { ...input, city } }, host)).data!.registerRoom.id);
    const page = async (first: number, after?: string) =>
      (await subgraph.query(`query($city: String, $first: Int, $after: ID) { rooms(city: $city, first: $first, after: $after) { id } }`, { city, first, after }, null));
    const seenIds: string[] = [];
    let after: string | undefined;
    for (;;) {
      const ids = (await page(2, after)).data!.rooms.map((room: { id: string }) => room.id);
      if (ids.length === 0) break;
      seenIds.push(...ids);
      after = ids.at(-1);
    }
    // Rooms registered within one millisecond are ordered by id: each comes exactly once either way.
    expect(seenIds).toHaveLength(5);
    expect([...seenIds].sort()).toEqual([...created].sort());
    expect((await page(1_000_000)).data!.rooms).toHaveLength(5);
    for (const bad of ["not-an-id", "00000000-0000-4000-8000-000000000000"]) {
      expect((await page(2, bad)).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    }
    expect((await page(-1)).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });

  it("accepts a router-signed fetch over the 1 MiB a client may send: the router's entity fetches are never refused with 413", async () => {
    const representations = Array.from({ length: 20_000 }, (_, i) => ({ __typename: "Room", id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}` }));
    const res = await subgraph.query(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Room { id } } }`, { r: representations }, null);
    expect(JSON.stringify(representations).length).toBeGreaterThan(1024 * 1024);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toHaveLength(20_000);
  });
});
