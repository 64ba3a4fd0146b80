import { describe, expect, it } from "vitest";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { InvalidTokenError, userTokenVerifier } from "../src/index.ts";

const SECRET = "a-test-secret-of-32-characters!!";
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

function token(claims: { sub?: string; aud?: string; iss?: string; exp?: number } = {}, alg = "HS256") {
  const jwt = new SignJWT({ roles: ["guest"] }).setProtectedHeader({ alg });
  if (claims.sub !== undefined) jwt.setSubject(claims.sub);
  if (claims.aud) jwt.setAudience(claims.aud);
  if (claims.iss) jwt.setIssuer(claims.iss);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(key);
}

describe("user tokens", () => {
  const withAudience = userTokenVerifier({ JWT_SECRET: SECRET, JWT_AUDIENCE: "airbnb-api", JWT_ISSUER: "https://id.example" });

  it("accepts a token for the configured audience and issuer", async () => {
    const identity = await withAudience(await token({ sub: "u1", aud: "airbnb-api", iss: "https://id.example", exp: now() + 60 }));
    expect(identity).toMatchObject({ userId: "u1", roles: ["guest"] });
  });

  it.each([
    ["another audience", { sub: "u1", aud: "someone-else", iss: "https://id.example", exp: now() + 60 }, /aud/],
    ["no audience", { sub: "u1", iss: "https://id.example", exp: now() + 60 }, /aud/],
    ["another issuer", { sub: "u1", aud: "airbnb-api", iss: "https://evil.example", exp: now() + 60 }, /iss/],
    ["expired beyond the 5 s tolerance", { sub: "u1", aud: "airbnb-api", iss: "https://id.example", exp: now() - 10 }, /exp/],
    ["no sub", { aud: "airbnb-api", iss: "https://id.example", exp: now() + 60 }, /sub/],
  ])("refuses a token with %s", async (_, claims, message) => {
    const error = await withAudience(await token(claims)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as Error).message).toMatch(message);
  });

  it("says what is wrong in words a client can show, not in jose's", async () => {
    const expired = await withAudience(await token({ sub: "u1", aud: "airbnb-api", iss: "https://id.example", exp: now() - 60 })).catch((e: Error) => e.message);
    expect(expired).toBe("token expired: sign in again");
    const wrongAudience = await withAudience(await token({ sub: "u1", aud: "other", iss: "https://id.example", exp: now() + 60 })).catch((e: Error) => e.message);
    expect(wrongAudience).toBe('token not valid: its "aud" claim is missing or wrong');
    expect(await withAudience("not.a.jwt").catch((e: Error) => e.message)).toBe("token not valid: not a well-formed signed JWT");
  });

  it("tolerates 5 s of clock skew", async () => {
    await expect(withAudience(await token({ sub: "u1", aud: "airbnb-api", iss: "https://id.example", exp: now() - 2 }))).resolves.toMatchObject({ userId: "u1" });
  });

  it("checks no audience when none is configured", async () => {
    const verify = userTokenVerifier({ JWT_SECRET: SECRET });
    await expect(verify(await token({ sub: "u1", aud: "anything", exp: now() + 60 }))).resolves.toMatchObject({ userId: "u1" });
  });

  it("refuses alg:none and an HS256 token signed with a public key's bytes (algorithm confusion)", async () => {
    const verify = userTokenVerifier({ JWT_SECRET: SECRET });
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    await expect(verify(`${b64({ alg: "none" })}.${b64({ sub: "u1", exp: now() + 60 })}.`)).rejects.toBeInstanceOf(InvalidTokenError);
    const { publicKey } = await generateKeyPair("RS256");
    const confused = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("u1").setExpirationTime(now() + 60)
      .sign(new TextEncoder().encode(JSON.stringify(await exportJWK(publicKey))));
    await expect(verify(confused)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
