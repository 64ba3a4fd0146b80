import { parse } from "graphql";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasStorableCharacters } from "@airbnb/kernel";
import { anyString } from "@airbnb/testkit/arbitraries";
import { unstorableArgument } from "../src/string-arguments.ts";

const fieldOf = (query: string, variables?: Record<string, unknown>) => unstorableArgument(parse(query), variables)?.extensions.field;

describe("the string-argument rule", () => {
  it("names the argument or innermost input field holding a NUL or a lone surrogate, literal or variable", () => {
    expect(fieldOf(`{ rooms(city: "a\\u0000b") { id } }`)).toBe("city");
    expect(fieldOf(`query($id: ID!) { room(id: $id) { id } }`, { id: "\u0000" })).toBe("id");
    expect(fieldOf(`mutation($input: ReserveRoomInput!) { reserveRoom(input: $input) { id } }`, { input: { roomId: "r", idempotencyKey: "\ud800" } })).toBe("idempotencyKey");
    expect(fieldOf(`mutation { registerRoom(input: { name: "ok", city: "\\u0000" }) { id } }`)).toBe("city");
    expect(fieldOf(`query($c: String = "\\u0000") { rooms(city: $c) { id } }`)).toBe("c");
    expect(fieldOf(`query($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }`, { reps: [{ __typename: "Room", id: "x\u0000" }] })).toBe("id");
  });

  it("lets every other string through", () => {
    expect(fieldOf(`{ rooms(city: "서울 🏠") { id } }`)).toBeUndefined();
    expect(fieldOf(`query($id: ID!) { room(id: $id) { id } }`, { id: "not-a-uuid" })).toBeUndefined();
  });

  it("refuses exactly the strings Postgres text cannot hold", () => {
    fc.assert(
      fc.property(anyString(), (value) => {
        expect(fieldOf(`query($v: String) { rooms(city: $v) { id } }`, { v: value }) === undefined).toBe(hasStorableCharacters(value));
      }),
    );
  });
});
