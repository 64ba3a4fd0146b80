import { describe, expect, it } from "vitest";
import { deductMileage, earnMileage, pointsFor } from "../../src/domain/mileage.ts";

const now = new Date("2026-11-25T09:00:00Z");
const payment = { paymentId: "p1", reservationId: "r1", roomId: "room1", guestId: "g1", amount: 300_000 };

describe("mileage rules", () => {
  it("earns one point per 100 paid, rounded down", () => {
    expect(pointsFor(300_000)).toBe(3000);
    expect(pointsFor(12_399)).toBe(123);
    expect(pointsFor(99)).toBe(0);
  });

  it("records an approved payment as a positive EARNED entry of that payment", () => {
    expect(earnMileage("e1", payment, now)).toEqual({
      id: "e1", guestId: "g1", reservationId: "r1", roomId: "room1", paymentId: "p1", points: 3000, kind: "EARNED", createdAt: now,
    });
  });

  it("deducts exactly what the payment earned, as negative points", () => {
    const entry = deductMileage("e2", { ...payment, amount: 999_999 }, 3000, now);
    expect(entry).toMatchObject({ id: "e2", kind: "DEDUCTED", points: -3000, paymentId: "p1" });
  });

  it("deducts what the amount would have earned when nothing was earned", () => {
    expect(deductMileage("e2", { ...payment, amount: 12_399 }, null, now)?.points).toBe(-123);
  });

  it("writes no entry worth zero points", () => {
    expect(earnMileage("e1", { ...payment, amount: 99 }, now)).toBeNull();
    expect(deductMileage("e2", { ...payment, amount: 99 }, null, now)).toBeNull();
  });
});
