import pg from "pg";
import { describe, expect, it } from "vitest";
import { EXCLUSION_VIOLATION, isDatabaseUnavailable, postgresErrorCode, UNIQUE_VIOLATION } from "../src/postgres-errors.ts";

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

describe("isDatabaseUnavailable", () => {
  it("recognises a server that is away, restarting or full, and a cut connection", () => {
    for (const code of ["57P01", "57P03", "08006", "53300"]) expect(isDatabaseUnavailable(databaseError(code))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("leaves statement errors and everything else alone", () => {
    for (const code of ["23P01", "23505", "22P02", "42P01"]) expect(isDatabaseUnavailable(databaseError(code))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
