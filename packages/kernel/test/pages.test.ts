import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DomainError, LIST_MAXIMUM, listMaximum, pageItems, pageOf } from "../src/index.ts";

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? { code: error.code, ...error.details } : error;
  }
  return undefined;
};

describe("list pages", () => {
  it("defaults first, clamps it to the list's maximum, and keeps an id cursor", () => {
    expect(pageOf("Query.rooms", {}, 50)).toEqual({ first: 50, after: null });
    expect(pageOf("Query.rooms", { first: 1_000_000 }, 50).first).toBe(LIST_MAXIMUM);
    expect(listMaximum("Query.roomBoard")).toBe(1000);
    const id = "0b0e7c3a-8d5e-4f7e-9a55-3f0c1e2d4b6a";
    expect(pageOf("Query.myMessages", { first: 0, after: id }, 50)).toEqual({ first: 0, after: id });
  });

  it("refuses a negative first and an after that cannot be an item's id, with the field named", () => {
    expect(refusal(() => pageOf("Query.rooms", { first: -1 }, 50))).toEqual({ code: "BAD_USER_INPUT", field: "first" });
    expect(refusal(() => pageOf("Query.rooms", { after: "'; DROP TABLE rooms; --" }, 50))).toEqual({ code: "BAD_USER_INPUT", field: "after" });
    expect(refusal(() => pageItems(null))).toEqual({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("never asks a store for more than the maximum, whatever first is", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (first) => {
      const page = pageOf("Room.reviews", { first }, 20);
      expect(page.first).toBeLessThanOrEqual(LIST_MAXIMUM);
      expect(page.first).toBe(Math.min(first, LIST_MAXIMUM));
    }));
  });
});
