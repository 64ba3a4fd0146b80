export { DomainError, ERROR_CODES, badInput, notFound, forbidden, unauthenticated, isUuid, isStorableText, hasStorableCharacters, type ErrorCode, type DomainErrorDetails } from "./domain-error.ts";
export { parseInput } from "./parse-input.ts";
export { type CommandContext, type Identity, type Role, requireRole, requireSignedIn } from "./actor.ts";
export { LIST_MAXIMUM, listMaximum, pageItems, pageOf, unknownCursor, type Page } from "./pages.ts";
export { nightsBetween } from "./calendar.ts";
export { type Sources } from "./sources.ts";
