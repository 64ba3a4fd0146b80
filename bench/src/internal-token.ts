import { SignJWT } from "jose";
import { DEV_INTERNAL_SECRET } from "@airbnb/config";
import type { Actor } from "./seed.ts";

/**
 * What the router would sign for this identity (see packages/identity InternalTokens),
 * but valid for hours rather than 60 s, so a fixed header can drive a whole run.
 */
export async function internalToken(env: NodeJS.ProcessEnv, who: Actor, roles: string[]): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("router")
    .setAudience("airbnb-internal")
    .setSubject(who.id)
    .setIssuedAt()
    .setExpirationTime("6h")
    .sign(new TextEncoder().encode(env.INTERNAL_SECRET ?? DEV_INTERNAL_SECRET));
}
