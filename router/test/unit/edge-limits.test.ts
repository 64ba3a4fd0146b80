import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { CorsPolicy, DEV_ORIGINS } from "../../src/limits/cors.ts";
import { RequestRateLimiter, clientIp, normalizeIp } from "../../src/limits/rate-limit.ts";
import { routerConfigSchema } from "../../src/config.ts";

describe("CORS policy", () => {
  const dev = CorsPolicy.fromConfig(undefined, false);
  const production = CorsPolicy.fromConfig(undefined, true);
  const listed = CorsPolicy.fromConfig("https://app.example.com, https://*.example.org", true);

  it("allows local pages and Apollo Studio in development, nothing cross-origin in production", () => {
    expect(DEV_ORIGINS).toContain("http://localhost:*");
    for (const origin of ["http://localhost:5173", "http://localhost", "http://127.0.0.1:4000", "http://[::1]:3000", "https://studio.apollographql.com"]) {
      expect(dev.allows(origin, "127.0.0.1:4000")).toBe(true);
      expect(production.allows(origin, "api.example.com")).toBe(false);
    }
    for (const origin of ["https://evil.example", "http://localhost.evil.example", "http://127.0.0.1.evil.example:80", "null", "https://studio.apollographql.com.evil.example"]) {
      expect(dev.allows(origin, "127.0.0.1:4000")).toBe(false);
    }
  });

  it("treats a page the router serves itself as same-origin", () => {
    expect(production.allows("https://api.example.com", "api.example.com")).toBe(true);
    expect(production.allows("https://api.example.com", "other.example.com")).toBe(false);
  });

  it("takes the listed origins, with wildcards, in place of the defaults", () => {
    expect(listed.allows("https://app.example.com", undefined)).toBe(true);
    expect(listed.allows("https://a.b.example.org", undefined)).toBe(true);
    expect(listed.allows("https://example.org.evil.com", undefined)).toBe(false);
    expect(listed.allows("https://evil.com/.example.org", undefined)).toBe(false);
    expect(listed.allows("http://localhost:3000", undefined)).toBe(false);
    expect(CorsPolicy.fromConfig("*", true).allows("https://anything.example", undefined)).toBe(true);
  });

  it("answers an allowed preflight, refuses another origin, leaves requests without Origin alone", () => {
    const cases = [
      { headers: { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "content-type, authorization, x-evil" }, method: "OPTIONS" },
      { headers: { origin: "https://evil.example" }, method: "POST" },
      { headers: {}, method: "POST" },
      { headers: { origin: "http://localhost:5173" }, method: "POST" },
    ];
    const results = cases.map(({ headers, method }) => {
      const res = fakeResponse();
      const outcome = dev.handle({ headers: { host: "127.0.0.1:4000", ...headers }, method } as unknown as IncomingMessage, res.res);
      return { outcome, ...res.state };
    });
    expect(results[0]).toMatchObject({ outcome: "answered", status: 204 });
    expect(results[0]!.headers).toMatchObject({ "access-control-allow-origin": "http://localhost:5173", "access-control-allow-headers": "content-type, authorization" });
    expect(results[1]).toMatchObject({ outcome: "answered", status: 403 });
    expect(results[1]!.headers["access-control-allow-origin"]).toBeUndefined();
    expect(results[2]).toMatchObject({ outcome: "continue", headers: {} });
    expect(results[3]).toMatchObject({ outcome: "continue" });
    expect(results[3]!.headers["access-control-allow-origin"]).toBe("http://localhost:5173");
  });
});

describe("rate limits", () => {
  it("limits each IP and each user per minute, and says when to retry", async () => {
    const limiter = new RequestRateLimiter({ perIpPerMinute: 5, perUserPerMinute: 3, trustProxyHops: 0 });
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.consume("10.0.0.1", "alice"));
    expect(decisions.slice(0, 3).every((d) => !d.limited)).toBe(true);
    expect(decisions[3]).toMatchObject({ limited: true, scope: "user" });
    expect((decisions[3] as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(59);
    // Another user on the same IP still has the IP's last point; then the IP is out.
    expect(await limiter.consume("10.0.0.1", "bob")).toEqual({ limited: false });
    expect(await limiter.consume("10.0.0.1", "carol")).toMatchObject({ limited: true, scope: "ip" });
    expect(await limiter.consume("10.0.0.2", null)).toEqual({ limited: false });
  });

  it("can limit an IP's burst per second before its minute (an option of the class, not wired to config)", async () => {
    const limiter = new RequestRateLimiter({ perIpPerMinute: 100, perIpPerSecond: 3, perUserPerMinute: 0, trustProxyHops: 0 });
    const decisions = await Promise.all(Array.from({ length: 5 }, () => limiter.consume("10.0.0.1", null)));
    expect(decisions.filter((d) => !d.limited)).toHaveLength(3);
    expect(decisions.find((d) => d.limited)).toEqual({ limited: true, scope: "burst", retryAfterSeconds: 1 });
  });

  it("turns a limit off with 0", async () => {
    const limiter = new RequestRateLimiter({ perIpPerMinute: 0, perUserPerMinute: 0, trustProxyHops: 0 });
    for (let i = 0; i < 100; i++) expect((await limiter.consume("10.0.0.1", "alice")).limited).toBe(false);
  });

  it("keys IPv4 as is, IPv6 by its /64, and trusts X-Forwarded-For only as far as configured", () => {
    expect(normalizeIp("::ffff:127.0.0.2")).toBe("127.0.0.2");
    expect(normalizeIp("2001:db8:0:1:aaaa::1")).toBe("2001:db8:0:1::/64");
    expect(normalizeIp("2001:db8::1")).toBe("2001:db8:0:0::/64");
    const req = (forwarded?: string) => ({ socket: { remoteAddress: "::ffff:10.0.0.9" }, headers: forwarded ? { "x-forwarded-for": forwarded } : {} }) as unknown as IncomingMessage;
    expect(clientIp(req("1.2.3.4"))).toBe("10.0.0.9");
    expect(clientIp(req("6.6.6.6, 1.2.3.4"), 1)).toBe("1.2.3.4");
    expect(clientIp(req("not-an-ip"), 1)).toBe("10.0.0.9");
    expect(clientIp(req(), 1)).toBe("10.0.0.9");
  });

  it("has defaults in the router config, each overridable", () => {
    const defaults = routerConfigSchema.parse({});
    expect(defaults).toMatchObject({ QUERY_MAX_DEPTH: 12, QUERY_MAX_ALIASES: 30, QUERY_MAX_COST: 10_000, QUERY_MAX_TOKENS: 5_000, RATE_LIMIT_PER_IP_PER_MINUTE: 6_000, RATE_LIMIT_PER_USER_PER_MINUTE: 1_200 });
    expect(routerConfigSchema.parse({ RATE_LIMIT_PER_IP_PER_MINUTE: "10", CORS_ORIGINS: "https://a.example" })).toMatchObject({ RATE_LIMIT_PER_IP_PER_MINUTE: 10, CORS_ORIGINS: "https://a.example" });
    expect(() => routerConfigSchema.parse({ RATE_LIMIT_PER_IP_PER_MINUTE: "-1" })).toThrow();
  });
});

function fakeResponse() {
  const state: { status?: number; headers: Record<string, string | number>; ended: boolean } = { headers: {}, ended: false };
  const res = {
    setHeader(name: string, value: string) { state.headers[name.toLowerCase()] = value; },
    writeHead(status: number, headers: Record<string, string | number> = {}) {
      state.status = status;
      for (const [name, value] of Object.entries(headers)) state.headers[name.toLowerCase()] = value;
    },
    end() { state.ended = true; },
    get statusCode() { return state.status ?? 200; },
  };
  return { res: res as unknown as ServerResponse, state };
}
