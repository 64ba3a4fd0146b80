import { describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { DEV_JWT_SECRET } from "@airbnb/config";
import { errorCode, gql, mintToken } from "@airbnb/testkit";
import { routerUrl } from "../support.ts";

const MY_RESERVATIONS = `{ myReservations { id } }`;

describe("identity at the router", () => {
  it.each([
    ["an expired token", () => mintToken({ sub: "g", roles: ["guest"], expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ["a token signed with another secret", () => mintToken({ sub: "g", roles: ["guest"], secret: "not-the-secret-at-all-0123456789" })],
    ["an unsigned alg:none token", async () => `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "g", roles: ["guest"], exp: 4102444800 })}.`],
    ["a token without exp", () => new SignJWT({ roles: ["guest"] }).setProtectedHeader({ alg: "HS256" }).setSubject("g").sign(new TextEncoder().encode(DEV_JWT_SECRET))],
  ])("refuses %s with UNAUTHENTICATED", async (_, token) => {
    const res = await gql(routerUrl(), MY_RESERVATIONS, {}, { authorization: `Bearer ${await token()}` });
    expect(errorCode(res)).toBe("UNAUTHENTICATED");
  });

  it("ignores identity headers a client sends", async () => {
    const res = await gql(routerUrl(), MY_RESERVATIONS, {}, { "x-internal-identity": "forged", "x-user-id": "someone" });
    expect(errorCode(res)).toBe("UNAUTHENTICATED");
  });

  it("serves health, readiness and metrics", async () => {
    const base = routerUrl().replace("/graphql", "");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain("graphql_request_duration_seconds");
  });

  it("masks malformed requests as client errors, never a 5xx", async () => {
    const res = await fetch(routerUrl(), { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(res.status).toBe(400);
  });
});

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
