import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { toRoles, type Identity } from "./identity.ts";

export interface UserTokenConfig {
  JWT_SECRET: string;
  JWKS_URL?: string | undefined;
  JWT_ISSUER?: string | undefined;
  JWT_AUDIENCE?: string | undefined;
}

export class InvalidTokenError extends Error {
  override readonly name = "InvalidTokenError";
}

/** A verified identity and when its token stops being valid (ms since the epoch). */
export type VerifiedIdentity = Identity & { expiresAt: number };

export type UserTokenVerifier = (token: string) => Promise<VerifiedIdentity>;

/**
 * Verifies the bearer tokens of CONTRACT.md. The algorithms are pinned to the
 * key kind (HS256 for the shared secret, RS256/ES256 for JWKS), so `alg: none`
 * and algorithm confusion are refused; `exp` and `sub` are required.
 */
export function userTokenVerifier(config: UserTokenConfig): UserTokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey = config.JWKS_URL
    ? createRemoteJWKSet(new URL(config.JWKS_URL))
    : new TextEncoder().encode(config.JWT_SECRET);
  const options = {
    algorithms: config.JWKS_URL ? ["RS256", "ES256"] : ["HS256"],
    requiredClaims: ["exp", "sub"],
    clockTolerance: 5,
    ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}),
    ...(config.JWT_AUDIENCE ? { audience: config.JWT_AUDIENCE } : {}),
  };
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as Uint8Array, options);
      return { userId: String(payload.sub), roles: toRoles(payload.roles), expiresAt: Number(payload.exp) * 1000 };
    } catch (error) {
      throw new InvalidTokenError(inWords(error));
    }
  };
}

/** What a client can show its user, rather than jose's wording ("\"exp\" claim timestamp check failed"). */
function inWords(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "token expired: sign in again";
  if (error instanceof errors.JWTClaimValidationFailed) return `token not valid: its "${error.claim}" claim is missing or wrong`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "token not valid: its signature does not match";
  if (error instanceof errors.JOSEAlgNotAllowed) return "token not valid: its signing algorithm is not accepted";
  return "token not valid: not a well-formed signed JWT";
}

/** The token of an `Authorization: Bearer …` value, if that is what it is. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}
