import { describe, expect, it } from "vitest";
import { buildSchema, getOperationAST, parse } from "graphql";
import { liveSpecOf } from "../../src/subscriptions/live-operation.ts";

const schema = buildSchema(`
  type Room { id: ID! name: String! reservations: [Reservation!]! }
  type Reservation { id: ID! status: String! }
  type Message { id: ID! text: String! }
  type Query { room(id: ID!): Room reservation(id: ID!): Reservation message(id: ID!): Message }
  type Subscription {
    roomChanged(roomId: ID!): Room!
    reservationStatusChanged(reservationId: ID, roomId: ID): Reservation!
    messageReceived: Message!
  }
`);
const authenticated = new Set(["Room.reservations", "Query.reservation", "Query.message"]);
const guest = { userId: "g1", roles: ["guest"] as const };

function spec(source: string, variables: Record<string, unknown> = {}, identity: typeof guest | null = guest) {
  const document = parse(source);
  return liveSpecOf(schema, authenticated, document, getOperationAST(document)!, variables, identity);
}

describe("a subscription as a query on the touched entity", () => {
  it("rewrites roomChanged into room(id:), keeping the alias, fragments and the variables still used", () => {
    const s = spec(`subscription S($roomId: ID!, $x: Boolean!) { live: roomChanged(roomId: $roomId) { ...F name @include(if: $x) } } fragment F on Room { id }`, { roomId: "r1", x: true });
    expect(s.query).toContain("query S($x: Boolean!, $liveEntityId: ID!)");
    expect(s.query).toContain("live: room(id: $liveEntityId)");
    expect(s.query).toContain("fragment F on Room");
    expect(s).toMatchObject({ topic: "room:r1", responseKey: "live", variables: { x: true }, entityFilter: null });
  });

  it("resolves as nobody when the selection is the same for everyone, so subscribers share pushes", () => {
    expect(spec(`subscription { roomChanged(roomId: "r1") { name } }`).identity).toBeNull();
    expect(spec(`subscription { roomChanged(roomId: "r1") { reservations { id } } }`).identity).toEqual(guest);
    expect(spec(`subscription { roomChanged(roomId: "r1") { name } }`).key).toBe(spec(`subscription { roomChanged(roomId: "r1") { name } }`, {}, null).key);
  });

  it("follows reservations by room, by id, or by id within a room", () => {
    expect(spec(`subscription { reservationStatusChanged(roomId: "r1") { status } }`)).toMatchObject({ topic: "room-reservations:r1", entityFilter: null, identity: guest });
    expect(spec(`subscription { reservationStatusChanged(reservationId: "v1") { status } }`)).toMatchObject({ topic: "reservation:v1", entityFilter: null });
    expect(spec(`subscription { reservationStatusChanged(reservationId: "v1", roomId: "r1") { status } }`)).toMatchObject({ topic: "room-reservations:r1", entityFilter: "v1" });
  });

  it("refuses what the contract refuses", () => {
    expect(() => spec(`subscription { reservationStatusChanged { status } }`)).toThrow(expect.objectContaining({ extensions: { code: "BAD_USER_INPUT" } }));
    expect(() => spec(`subscription { messageReceived { text } }`, {}, null)).toThrow(expect.objectContaining({ extensions: { code: "UNAUTHENTICATED" } }));
    expect(spec(`subscription { messageReceived { text } }`)).toMatchObject({ topic: "inbox:g1" });
  });
});
