/** The API's error codes (docs/api.md): the one list a context raises from and the formatters let through. */
export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "ROOM_UNAVAILABLE",
  "PAYMENT_UNAVAILABLE",
  "REVIEW_NOT_ALLOWED",
  "QUERY_TOO_COMPLEX",
  "RATE_LIMITED",
  "OVERLOADED",
  "SERVICE_UNAVAILABLE",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface DomainErrorDetails {
  /** The input field at fault, for BAD_USER_INPUT. */
  field?: string;
  retryAfterSeconds?: number;
}

/** A rule of the domain said no. Carries the contract's code; the API layer maps it, the domain knows no GraphQL. */
export class DomainError extends Error {
  override readonly name = "DomainError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
  }
}

export const badInput = (field: string, message: string) => new DomainError("BAD_USER_INPUT", message, { field });
export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} not found`);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const unauthenticated = () => new DomainError("UNAUTHENTICATED", "sign in first: this operation needs a valid token");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else names nothing that exists. */
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

/**
 * A string Postgres can take as text: no NUL and no lone UTF-16 surrogate
 * (neither fits; both are refused rather than mangled). Every string argument
 * of every operation is held to this before anything runs.
 */
export const hasStorableCharacters = (value: string): boolean => !value.includes("\u0000") && value.isWellFormed();

/** Text a user may store: not blank, and only characters Postgres can hold. */
export const isStorableText = (value: string): boolean => value.trim().length > 0 && hasStorableCharacters(value);
