import { describe, expect, it } from "vitest";
import { testSources } from "@airbnb/testkit/use-case-spec";
import { createEvent, parseEvent, subjectOf } from "../src/index.ts";

const sources = testSources();

const data = { paymentId: "p1", reservationId: "v1", roomId: "r1", guestId: "g1", amount: 1000 };

describe("event envelope", () => {
  it("round-trips through the wire with its type narrowing data", () => {
    const event = createEvent("PaymentApproved", data, { correlationId: "v1", causationId: "req-1" }, sources);
    const parsed = parseEvent(JSON.stringify(event));
    expect(parsed).toEqual({ ok: true, event });
    if (parsed.ok && parsed.event.type === "PaymentApproved") expect(parsed.event.data.amount).toBe(1000);
    expect(event).toMatchObject({ version: 1, source: "payment" });
    expect(subjectOf("airbnb", "PaymentApproved")).toBe("airbnb.payment.approved");
  });

  it.each([
    ["not JSON", "{nope", "not JSON"],
    ["an unknown type", JSON.stringify({ ...createEvent("PaymentApproved", data, { correlationId: "c", causationId: "c" }, sources), type: "PaymentTeleported" }), "unknown event type"],
    ["bad data", JSON.stringify(createEvent("PaymentApproved", { ...data, amount: "lots" } as never, { correlationId: "c", causationId: "c" }, sources)), "bad PaymentApproved data"],
    ["a non-uuid id", JSON.stringify({ ...createEvent("PaymentApproved", data, { correlationId: "c", causationId: "c" }, sources), id: "1" }), "bad envelope"],
  ])("refuses %s without throwing", (_, raw, reason) => {
    const parsed = parseEvent(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
});
