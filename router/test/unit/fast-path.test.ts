import { describe, expect, it } from "vitest";
import { cachedVerifier, fastPathParts } from "../../src/fast-path/index.ts";

describe("cachedVerifier", () => {
  const identity = (expiresAt: number) => ({ userId: "u1", roles: ["guest" as const], expiresAt });

  it("verifies a token once while it is fresh", async () => {
    let calls = 0;
    let now = 1_000;
    const verify = cachedVerifier(async () => (calls++, identity(1_000_000)), { ttlMs: 30_000, now: () => now });
    await verify("t");
    await verify("t");
    now += 29_000;
    await verify("t");
    expect(calls).toBe(1);
    now += 2_000;
    await verify("t");
    expect(calls).toBe(2);
  });

  it("never keeps a token past its own expiry", async () => {
    let calls = 0;
    let now = 1_000;
    const verify = cachedVerifier(async () => (calls++, identity(2_000)), { ttlMs: 30_000, now: () => now });
    await verify("t");
    now = 2_000;
    await verify("t");
    expect(calls).toBe(2);
  });

  it("does not remember failures", async () => {
    let calls = 0;
    const verify = cachedVerifier(async () => {
      calls++;
      throw new Error("bad");
    });
    await expect(verify("t")).rejects.toThrow("bad");
    await expect(verify("t")).rejects.toThrow("bad");
    expect(calls).toBe(2);
  });

  it("stays bounded", async () => {
    let calls = 0;
    const verify = cachedVerifier(async () => (calls++, identity(Date.now() + 60_000)), { maxEntries: 2 });
    await verify("a");
    await verify("b");
    await verify("c");
    await verify("a");
    expect(calls).toBe(4);
  });
});

describe("fastPathParts", () => {
  it("is all on by default and all off with 0", () => {
    expect(fastPathParts({})).toEqual({ tokens: true, fetcher: true, handler: true, plans: true });
    expect(fastPathParts({ ROUTER_FAST_PATH: "0" })).toEqual({ tokens: false, fetcher: false, handler: false, plans: false });
    expect(fastPathParts({ ROUTER_FAST_PATH: "tokens,handler" })).toEqual({ tokens: true, fetcher: false, handler: true, plans: false });
  });
});
