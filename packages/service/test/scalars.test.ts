import { graphql, GraphQLObjectType, GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { DateTime } from "../src/scalars.ts";

const answering = (value: unknown) =>
  graphql({
    schema: new GraphQLSchema({ query: new GraphQLObjectType({ name: "Query", fields: { at: { type: DateTime, resolve: () => value } } }) }),
    source: "{ at }",
  });

describe("the DateTime scalar", () => {
  it("writes a read model's Date as an ISO-8601 instant", async () => {
    expect(await answering(new Date(Date.UTC(2026, 10, 25, 9, 0, 0)))).toEqual({ data: { at: "2026-11-25T09:00:00.000Z" } });
  });

  it("refuses anything but a Date, so a resolver cannot leak another shape into the API", async () => {
    const result = await answering("2026-11-25");
    expect(result.data).toEqual({ at: null });
    expect(result.errors?.[0]?.message).toBe("DateTime cannot represent 2026-11-25");
  });
});
