import { SignJWT } from "jose";
import { InternalTokens, type Identity, type Role } from "@airbnb/identity";
import { DEV_INTERNAL_SECRET, DEV_JWT_SECRET } from "@airbnb/config";

export interface TokenOptions {
  sub: string;
  roles?: Role[];
  secret?: string;
  expiresIn?: string | number;
  issuer?: string;
  audience?: string;
}

/** A user token as an identity provider would mint it (HS256, the development secret by default). */
export async function mintToken(options: TokenOptions): Promise<string> {
  const jwt = new SignJWT({ roles: options.roles ?? [] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(options.sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "1h");
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret ?? process.env.JWT_SECRET ?? DEV_JWT_SECRET));
}

const internal = new InternalTokens(process.env.INTERNAL_SECRET ?? DEV_INTERNAL_SECRET, "testkit");

/** Headers a subgraph accepts as coming from the router, for tests that call a subgraph directly. */
export async function routerHeaders(identity: Identity | null): Promise<Record<string, string>> {
  return { "x-internal-identity": await internal.sign(identity) };
}
