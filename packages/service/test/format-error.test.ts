import { GraphQLError } from "graphql";
import { describe, expect, it, vi } from "vitest";
import { DomainError } from "@airbnb/kernel";
import { createLogger } from "@airbnb/observability";
import { errorFormatter } from "../src/format-error.ts";

const logger = createLogger("format-error-test", "silent");
const format = errorFormatter(logger);
const path = ["reserveRoom"];
const formatted = (code?: string) => ({ message: "raw", path, extensions: { ...(code ? { code } : {}), stacktrace: ["at secret.ts:1"] } });

describe("the error formatter", () => {
  it("gives a domain error the contract's shape: message, path, code and details", () => {
    const error = new GraphQLError("raw", { path, originalError: new DomainError("PAYMENT_UNAVAILABLE", "try again", { retryAfterSeconds: 5 }) });
    expect(format(formatted("INTERNAL_SERVER_ERROR"), error)).toEqual({ message: "try again", path, extensions: { code: "PAYMENT_UNAVAILABLE", retryAfterSeconds: 5 } });
  });

  it("answers an unreachable database with SERVICE_UNAVAILABLE and when to retry", () => {
    const error = new GraphQLError("raw", { path, originalError: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    expect(format(formatted("INTERNAL_SERVER_ERROR"), error)).toEqual({
      message: "temporarily unavailable: try again shortly", path, extensions: { code: "SERVICE_UNAVAILABLE", retryAfterSeconds: 2 },
    });
  });

  it("lets GraphQL's own request errors through, without a stack trace", () => {
    expect(format(formatted("GRAPHQL_VALIDATION_FAILED"), new GraphQLError("raw"))).toEqual({ message: "raw", path, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
  });

  it("masks anything else, logging it under an id the client also gets", () => {
    const logged = vi.spyOn(logger, "error");
    const answer = format(formatted("SOMETHING_INTERNAL"), new GraphQLError("raw", { path, originalError: new Error("duplicate key value violates \"pk\"") }));
    expect(answer).toEqual({ message: "Internal server error", path, extensions: { code: "INTERNAL_SERVER_ERROR", errorId: expect.any(String) } });
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ errorId: answer.extensions!.errorId }), "internal error masked");
  });
});
