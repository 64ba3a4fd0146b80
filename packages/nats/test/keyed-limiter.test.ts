import { describe, expect, it } from "vitest";
import { KeyedLimiter } from "../src/keyed-limiter.ts";

describe("keyed limiter", () => {
  it("runs tasks of one key in arrival order and at most `limit` tasks at once", async () => {
    const limiter = new KeyedLimiter(2);
    const log: string[] = [];
    let running = 0;
    let peak = 0;
    const task = (name: string, ms: number) => async () => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(name);
      running--;
    };
    const all: Promise<void>[] = [];
    for (const [key, name, ms] of [["a", "a1", 20], ["a", "a2", 1], ["b", "b1", 5], ["c", "c1", 1]] as const) {
      await limiter.slot();
      all.push(limiter.run(key, task(name, ms)));
    }
    await Promise.all(all);
    await limiter.idle();
    expect(log.indexOf("a1")).toBeLessThan(log.indexOf("a2"));
    expect(peak).toBeLessThanOrEqual(2);
  });
});
