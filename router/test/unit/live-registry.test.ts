import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveSpec } from "../../src/subscriptions/live-operation.ts";
import { LiveRegistry } from "../../src/subscriptions/live-registry.ts";

const spec = (key: string, entityFilter: string | null = null): LiveSpec => ({
  topic: "room:r1", entityFilter, entityId: null, query: "{ x }", variables: {}, responseKey: "roomChanged", identity: null, personal: false, key,
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("live registry", () => {
  it("coalesces a burst of touches into one resolution shared by a group, and skips identical results", async () => {
    let version = 1;
    const resolve = vi.fn(async () => ({ data: { roomChanged: { version } } }));
    const registry = new LiveRegistry(resolve, { debounceMs: 20, maxDelayMs: 100 });
    const a = registry.subscribe(spec("same"));
    const b = registry.subscribe(spec("same"));
    for (let i = 0; i < 10; i++) registry.dispatch({ topic: "room:r1", entityId: "r1" });
    await vi.advanceTimersByTimeAsync(50);
    expect(resolve).toHaveBeenCalledTimes(1);
    expect((await a.next()).value).toEqual({ data: { roomChanged: { version: 1 } } });
    expect((await b.next()).value).toEqual({ data: { roomChanged: { version: 1 } } });
    registry.dispatch({ topic: "room:r1", entityId: "r1" });
    await vi.advanceTimersByTimeAsync(50);
    expect(resolve).toHaveBeenCalledTimes(2);
    version = 2;
    registry.dispatch({ topic: "room:r1", entityId: "r1" });
    await vi.advanceTimersByTimeAsync(50);
    expect((await a.next()).value).toEqual({ data: { roomChanged: { version: 2 } } });
    registry.close();
  });

  it("never resolves one entity twice at once: a touch during a resolution queues exactly one more", async () => {
    let release: () => void = () => {};
    let running = 0;
    let peak = 0;
    const resolve = vi.fn(async () => {
      peak = Math.max(peak, ++running);
      await new Promise<void>((r) => (release = r));
      running--;
      return { data: { roomChanged: { at: Date.now() } } };
    });
    const registry = new LiveRegistry(resolve, { debounceMs: 5, maxDelayMs: 10 });
    registry.subscribe(spec("k"));
    registry.dispatch({ topic: "room:r1", entityId: "r1" });
    await vi.advanceTimersByTimeAsync(10);
    for (let i = 0; i < 5; i++) {
      registry.dispatch({ topic: "room:r1", entityId: "r1" });
      await vi.advanceTimersByTimeAsync(10);
    }
    release();
    await vi.advanceTimersByTimeAsync(1);
    release();
    await vi.advanceTimersByTimeAsync(1);
    expect(resolve).toHaveBeenCalledTimes(2);
    expect(peak).toBe(1);
    registry.close();
  });

  it("delivers only the entity a subscription names, and forgets groups nobody listens to", async () => {
    const resolve = vi.fn(async (_: LiveSpec, entityId: string) => ({ data: { roomChanged: { entityId } } }));
    const registry = new LiveRegistry(resolve, { debounceMs: 1, maxDelayMs: 1 });
    const only = registry.subscribe(spec("only-v2", "v2"));
    registry.dispatch({ topic: "room:r1", entityId: "v1" });
    registry.dispatch({ topic: "room:r1", entityId: "v2" });
    await vi.advanceTimersByTimeAsync(5);
    expect(resolve.mock.calls.map(([, id]) => id)).toEqual(["v2"]);
    expect(registry.size).toBe(1);
    await only.return();
    expect(registry.size).toBe(0);
    registry.dispatch({ topic: "room:r1", entityId: "v2" });
    await vi.advanceTimersByTimeAsync(5);
    expect(resolve).toHaveBeenCalledTimes(1);
  });
});
