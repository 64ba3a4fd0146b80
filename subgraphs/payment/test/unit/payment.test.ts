import { describe, expect, it } from "vitest";
import { charge, DECLINED_CARD, refund, voidCharge } from "../../src/domain/payment.ts";

const now = new Date("2026-11-25T09:00:00Z");
const request = { reservationId: "v1", roomId: "r1", guestId: "g1", amount: 255_000, paymentMethod: "card" };

describe("payment", () => {
  it("approves a card and declines the declined card", () => {
    expect(charge("p1", request, now)).toMatchObject({ status: "APPROVED", approvedAt: now, declineReason: null });
    expect(charge("p2", { ...request, paymentMethod: DECLINED_CARD }, now)).toMatchObject({ status: "DECLINED", approvedAt: null });
  });

  it("refunds an approved payment once and never a declined one", () => {
    const refunded = refund(charge("p1", request, now), now);
    expect(refunded).toMatchObject({ status: "REFUNDED", refundedAt: now });
    expect(refund(refunded!, now)).toBeNull();
    expect(refund(charge("p2", { ...request, paymentMethod: DECLINED_CARD }, now), now)).toBeNull();
  });
});

describe("a voided charge", () => {
  it("holds the reservation's place as a DECLINED payment of nothing", () => {
    expect(voidCharge("p3", { reservationId: "v1", roomId: "r1", guestId: "g1" }, now)).toMatchObject({ status: "DECLINED", amount: 0, approvedAt: null });
  });
});
