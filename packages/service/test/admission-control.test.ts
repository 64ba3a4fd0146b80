import { describe, expect, it } from "vitest";
import { DomainError } from "@airbnb/kernel";
import { AdmissionControl, type AdmissionControlOptions } from "../src/admission-control.ts";

const admissionOf = (options: Omit<AdmissionControlOptions, "refusal">) => new AdmissionControl({ ...options, refusal: "too many bookings" });

/** A booking that runs until the test lets it finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let started = false;
  return {
    booking: async () => {
      started = true;
      await opened;
      return "done";
    },
    open: () => open(),
    get started() {
      return started;
    },
  };
}

const overloaded = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("admitted");
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("OVERLOADED");
      return (error as DomainError).details.retryAfterSeconds;
    },
  );

describe("admission control", () => {
  it("works on maxInFlight bookings, lines up maxQueue more and refuses the next at once, without starting it", async () => {
    const admission = admissionOf({ maxInFlight: 2, maxQueue: 2, maxWaitMs: 60_000, now: () => 0 });
    const gates = Array.from({ length: 5 }, gate);
    const runs = gates.slice(0, 4).map((g) => admission.run(g.booking));
    expect([admission.inFlight, admission.queued]).toEqual([2, 2]);
    expect(gates.map((g) => g.started)).toEqual([true, true, false, false, false]);

    expect(await overloaded(admission.run(gates[4]!.booking))).toBeGreaterThanOrEqual(1);
    expect(gates[4]!.started).toBe(false);

    gates[0]!.open();
    await runs[0];
    await expect.poll(() => gates[2]!.started).toBe(true);
    expect([admission.inFlight, admission.queued]).toEqual([2, 1]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual(["done", "done", "done", "done"]);
    expect([admission.inFlight, admission.queued]).toEqual([0, 0]);
  });

  it("refuses by the expected wait once bookings take long, though the line has room", async () => {
    let now = 0;
    const admission = admissionOf({ maxInFlight: 2, maxQueue: 10, maxWaitMs: 1_000, now: () => now });
    // Bookings that take 4 s each (a slow payment): the estimate follows them.
    for (let i = 0; i < 40; i++) await admission.run(async () => void (now += 4_000));

    const busy = [gate(), gate()];
    const running = busy.map((g) => admission.run(g.booking));
    // First in line would wait about 4 s / 2 places = 2 s > 1 s.
    const retryAfter = await overloaded(admission.run(async () => "never"));
    expect(retryAfter).toBeGreaterThanOrEqual(4);
    expect(admission.queued).toBe(0);
    for (const g of busy) g.open();
    await Promise.all(running);
  });

  it("tells refused guests to come back in turn, as the line outside moves at the measured rate", async () => {
    let now = 0;
    const admission = admissionOf({ maxInFlight: 2, maxQueue: 0, maxWaitMs: 1_000, now: () => now });
    for (let i = 0; i < 60; i++) await admission.run(async () => void (now += 900));
    const busy = [gate(), gate()];
    const running = busy.map((g) => admission.run(g.booking));

    // Two bookings per 0.9 s: after the two in flight, each refused guest one place further back.
    const told = [];
    for (let i = 0; i < 6; i++) told.push(await overloaded(admission.run(async () => "never")));
    expect(told).toEqual([2, 2, 3, 3, 4, 4]);
    // Three seconds later six of them are due back: the next one refused is told 2 s.
    now += 3_000;
    expect(await overloaded(admission.run(async () => "never"))).toBe(2);
    for (const g of busy) g.open();
    await Promise.all(running);
  });

  it("lines up to maxQueue while bookings are quick", async () => {
    let now = 0;
    const admission = admissionOf({ maxInFlight: 2, maxQueue: 10, maxWaitMs: 1_000, now: () => now });
    for (let i = 0; i < 40; i++) await admission.run(async () => void (now += 10));

    const gates = Array.from({ length: 12 }, gate);
    const runs = gates.map((g) => admission.run(g.booking));
    expect([admission.inFlight, admission.queued]).toEqual([2, 10]);
    await overloaded(admission.run(async () => "never"));
    for (const g of gates) g.open();
    await Promise.all(runs);
  });

  it("frees a place when a booking fails", async () => {
    const admission = admissionOf({ maxInFlight: 1, maxQueue: 0, maxWaitMs: 1_000, now: () => 0 });
    await expect(admission.run(async () => Promise.reject(new DomainError("ROOM_UNAVAILABLE", "taken")))).rejects.toMatchObject({ code: "ROOM_UNAVAILABLE" });
    expect(await admission.run(async () => "next")).toBe("next");
  });
});
