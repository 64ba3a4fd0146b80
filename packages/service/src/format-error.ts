import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { isDatabaseUnavailable } from "@airbnb/db";
import { DomainError, ERROR_CODES } from "@airbnb/kernel";
import type { Logger } from "@airbnb/observability";

/** Codes a client may see: the API's and GraphQL's own request errors. Anything else is masked. */
const PUBLIC_CODES = new Set<string>([
  ...ERROR_CODES,
  "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST", "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED", "OPERATION_RESOLUTION_FAILURE",
]);

/** A Postgres restart takes seconds (a crashed one replays its WAL first). */
const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * Turns domain errors into the contract's shape and masks everything else:
 * no stack, SQL or Prisma text leaves the process; the log has it, under the
 * request id that the client also gets.
 */
export function errorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: original.code, ...original.details },
      };
    }
    if (isDatabaseUnavailable(original)) {
      logger.warn({ err: original, path: formatted.path }, "database unavailable");
      return {
        message: "temporarily unavailable: try again shortly",
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: "SERVICE_UNAVAILABLE", retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && PUBLIC_CODES.has(code)) {
      const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const errorId = crypto.randomUUID();
    logger.error({ err: original, errorId, path: formatted.path, message: formatted.message }, "internal error masked");
    return {
      message: "Internal server error",
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: "INTERNAL_SERVER_ERROR", errorId },
    };
  };
}
