import pg from "pg";
import { describe, expect, it } from "vitest";
import { EXCLUSION_VIOLATION, postgresErrorCode, UNIQUE_VIOLATION } from "../src/postgres-errors.ts";

const databaseError = (code: string) => Object.assign(new pg.DatabaseError("violation", 0, "error"), { code });

describe("postgresErrorCode", () => {
  it("reads the SQLSTATE of a statement's error", () => {
    expect(postgresErrorCode(databaseError("23P01"))).toBe(EXCLUSION_VIOLATION);
    expect(postgresErrorCode(databaseError("23505"))).toBe(UNIQUE_VIOLATION);
  });

  it("knows nothing of other errors", () => {
    expect(postgresErrorCode(new Error("boom"))).toBeUndefined();
    expect(postgresErrorCode(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBeUndefined();
    expect(postgresErrorCode(null)).toBeUndefined();
  });
});
