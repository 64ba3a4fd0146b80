import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { GraphQLResponse } from "@airbnb/testkit";
import { asGuest, asHost, call, day, registerRoom, type Actor } from "../support.ts";

/**
 * Every string (and ID, Date) argument of the contract's operations, each
 * sent arbitrary strings (NUL, lone surrogates, huge, odd Unicode, near-valid
 * ids and days) while the other arguments stay valid.
 */
interface Target {
  name: string;
  who: "guest" | "host" | "anonymous";
  query: string;
  variables: (value: string) => Record<string, unknown>;
}

let roomId: string;
let guest: Actor;
let host: Actor;

const targets: Target[] = [
  { name: "room(id)", who: "anonymous", query: `query($v: ID!) { room(id: $v) { id } }`, variables: (v) => ({ v }) },
  { name: "rooms(city)", who: "anonymous", query: `query($v: String) { rooms(city: $v) { id } }`, variables: (v) => ({ v }) },
  ...([
    ["rooms(after)", "anonymous", `query($v: ID) { rooms(after: $v) { id } }`],
    ["roomBoard(after)", "anonymous", `query($v: ID) { roomBoard(after: $v) { roomId } }`],
    ["myReservations(after)", "guest", `query($v: ID) { myReservations(after: $v) { id } }`],
    ["myMessages(after)", "guest", `query($v: ID) { myMessages(after: $v) { id } }`],
    ["myMileage.entries(after)", "guest", `query($v: ID) { myMileage { entries(after: $v) { id } } }`],
  ] as const).map(([name, who, query]): Target => ({ name, who, query, variables: (v) => ({ v }) })),
  ...([
    ["Room.reviews(after)", "anonymous", `query($id: ID!, $v: ID) { room(id: $id) { reviews(after: $v) { id } } }`],
    ["Room.reservations(after)", "host", `query($id: ID!, $v: ID) { room(id: $id) { reservations(after: $v) { id } } }`],
  ] as const).map(([name, who, query]): Target => ({ name, who, query, variables: (v) => ({ id: roomId, v }) })),
  { name: "reservation(id)", who: "guest", query: `query($v: ID!) { reservation(id: $v) { id } }`, variables: (v) => ({ v }) },
  { name: "Room.isAvailable(checkIn)", who: "anonymous", query: `query($id: ID!, $v: Date!, $b: Date!) { room(id: $id) { isAvailable(checkIn: $v, checkOut: $b) } }`, variables: (v) => ({ id: roomId, v, b: day(50) }) },
  { name: "Room.isAvailable(checkOut)", who: "anonymous", query: `query($id: ID!, $v: Date!, $a: Date!) { room(id: $id) { isAvailable(checkIn: $a, checkOut: $v) } }`, variables: (v) => ({ id: roomId, v, a: day(49) }) },
  ...(["name", "description", "city"] as const).map((field): Target => ({
    name: `registerRoom(input.${field})`, who: "host",
    query: `mutation($input: RegisterRoomInput!) { registerRoom(input: $input) { id } }`,
    variables: (v) => ({ input: { name: "n", description: "d", city: "c", pricePerNight: 1_000, capacity: 1, [field]: v } }),
  })),
  { name: "modifyRoom(id)", who: "host", query: `mutation($v: ID!) { modifyRoom(id: $v, input: { name: "x" }) { id } }`, variables: (v) => ({ v }) },
  ...(["name", "description", "city"] as const).map((field): Target => ({
    name: `modifyRoom(input.${field})`, who: "host",
    query: `mutation($id: ID!, $input: ModifyRoomInput!) { modifyRoom(id: $id, input: $input) { id } }`,
    variables: (v) => ({ id: roomId, input: { [field]: v } }),
  })),
  { name: "deleteRoom(id)", who: "host", query: `mutation($v: ID!) { deleteRoom(id: $v) { id } }`, variables: (v) => ({ v }) },
  ...(["roomId", "checkIn", "checkOut", "paymentMethod", "idempotencyKey"] as const).map((field): Target => ({
    name: `reserveRoom(input.${field})`, who: "guest",
    query: `mutation($input: ReserveRoomInput!) { reserveRoom(input: $input) { id status } }`,
    // Far-off nights, one apart per run, rarely free: what is asserted is the kind of answer.
    variables: (v) => ({ input: { roomId, checkIn: day(300), checkOut: day(301), guests: 1, [field]: v } }),
  })),
  { name: "cancelReservation(id)", who: "guest", query: `mutation($v: ID!) { cancelReservation(id: $v) { id } }`, variables: (v) => ({ v }) },
  ...(["roomId", "comment"] as const).map((field): Target => ({
    name: `writeReview(input.${field})`, who: "guest",
    query: `mutation($input: WriteReviewInput!) { writeReview(input: $input) { id } }`,
    variables: (v) => ({ input: { roomId, rating: 3, comment: "ok", [field]: v } }),
  })),
];

/** Strings of every kind: arbitrary UTF-16 (lone surrogates included), with NULs, and near-valid ids and days. */
const strings = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "\ud800", "\udfff", "x".repeat(5000), "2026-02-30", "9999-12-31", "0000-01-01", "2026-13-01"),
  fc.uuid().map((id) => `${id}\u0000`),
  fc.uuid(),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

const faults = (res: GraphQLResponse) =>
  res.status >= 500 || (res.errors ?? []).some((e) => !e.extensions?.code || e.extensions.code === "INTERNAL_SERVER_ERROR");

beforeAll(async () => {
  [guest, host] = [await asGuest(), await asHost()];
  const room = await registerRoom(host, { pricePerNight: 1_000, capacity: 2 });
  roomId = room.id;
});

describe("no string any client sends reaches a 5xx or INTERNAL_SERVER_ERROR", () => {
  it.each(targets.map((t) => [t.name, t] as const))("%s", async (_, target) => {
    const who = target.who === "guest" ? guest : target.who === "host" ? host : undefined;
    await fc.assert(
      fc.asyncProperty(strings, async (value) => {
        const res = await call(who, target.query, target.variables(value));
        expect(faults(res), `${target.name} = ${JSON.stringify(value)} answered ${res.status} ${JSON.stringify(res.errors)}`).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});
