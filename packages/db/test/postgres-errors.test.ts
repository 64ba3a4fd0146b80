import { describe, expect, it } from "vitest";
import { EXCLUSION_VIOLATION, postgresErrorCode, UNIQUE_VIOLATION } from "../src/postgres-errors.ts";

describe("postgresErrorCode", () => {
  it("reads an exclusion violation from a DriverAdapterError", () => {
    const error = Object.assign(new Error("x"), { cause: { kind: "postgres", code: "23P01", originalCode: "23P01" } });
    expect(postgresErrorCode(error)).toBe(EXCLUSION_VIOLATION);
  });

  it("reads a unique violation from a known request error", () => {
    const error = Object.assign(new Error("x"), { code: "P2002", meta: { driverAdapterError: { cause: { originalCode: "23505", kind: "postgres" } } } });
    expect(postgresErrorCode(error)).toBe(UNIQUE_VIOLATION);
  });

  it("knows nothing of other errors", () => {
    expect(postgresErrorCode(new Error("boom"))).toBeUndefined();
    expect(postgresErrorCode(null)).toBeUndefined();
  });
});
