import { SignJWT, jwtVerify } from "jose";
import { toRoles, type Identity } from "./identity.ts";

/** The header that carries the router-signed identity to subgraphs and between services. */
export const INTERNAL_IDENTITY_HEADER = "x-internal-identity";

const AUDIENCE = "airbnb-internal";
const LIFETIME_SECONDS = 60;

/**
 * Identity forwarded inside the system: a short-lived HS256 token signed with
 * INTERNAL_SECRET, which clients never hold. A subgraph believes no other
 * identity, so a client cannot forge one by sending headers.
 */
export class InternalTokens {
  private readonly key: Uint8Array;
  private readonly cache = new Map<string, { token: string; until: number }>();
  private readonly verified = new Map<string, { identity: Identity | null; until: number }>();

  constructor(secret: string, private readonly issuer: string) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Signs (or reuses, while it has over half its life left) a token for the identity; null is anonymous. */
  async sign(identity: Identity | null): Promise<string> {
    const cacheKey = identity ? `${identity.userId}|${identity.roles.join(",")}` : "";
    const now = Date.now();
    const cached = this.cache.get(cacheKey);
    if (cached && cached.until > now) return cached.token;
    const jwt = new SignJWT({ roles: identity?.roles ?? [] })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(this.issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${LIFETIME_SECONDS}s`);
    if (identity) jwt.setSubject(identity.userId);
    const token = await jwt.sign(this.key);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(cacheKey, { token, until: now + (LIFETIME_SECONDS * 1000) / 2 });
    return token;
  }

  /** The identity in a token signed with the internal secret; throws for anything else. */
  async verify(token: string): Promise<Identity | null> {
    const now = Date.now();
    const hit = this.verified.get(token);
    if (hit && hit.until > now) return hit.identity;
    const { payload } = await jwtVerify(token, this.key, { algorithms: ["HS256"], audience: AUDIENCE, requiredClaims: ["exp"] });
    const identity = payload.sub ? { userId: payload.sub, roles: toRoles(payload.roles) } : null;
    if (this.verified.size > 10_000) this.verified.clear();
    this.verified.set(token, { identity, until: Math.min(now + 30_000, (payload.exp ?? 0) * 1000) });
    return identity;
  }
}
