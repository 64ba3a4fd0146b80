import { forbidden, unauthenticated } from "./domain-error.ts";

export type Role = "host" | "guest";

/** Who is calling: a verified user; null is nobody. */
export interface Identity {
  userId: string;
  roles: readonly Role[];
}

/** What a use case knows of the request that runs it: who is calling, and the request's id (its events carry it). */
export interface CommandContext {
  identity: Identity | null;
  requestId: string;
}

/** The caller, who must be signed in and hold `role`. */
export function requireRole(identity: Identity | null, role: Role): Identity {
  if (!identity) throw unauthenticated();
  if (!identity.roles.includes(role)) throw forbidden(`only a ${role} may do this`);
  return identity;
}

export function requireSignedIn(identity: Identity | null): Identity {
  if (!identity) throw unauthenticated();
  return identity;
}
