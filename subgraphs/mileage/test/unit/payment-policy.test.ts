import { describe, expect, it } from "vitest";
import { minted, past, specification, testId } from "@airbnb/testkit/use-case-spec";
import { InMemoryMileage } from "./in-memory-mileage.ts";

const reservationId = testId(1, "e");
const keys = { reservationId, roomId: testId(2, "e"), guestId: "guest-1" };
const paymentId = testId(3, "e");
const byReservation = (causationId: string) => ({ correlationId: reservationId, causationId });
const approved = past(1, "PaymentApproved", { ...keys, paymentId, amount: 300_050 }, byReservation("charge"));
const declined = past(2, "PaymentDeclined", { ...keys, paymentId, reason: "card declined by issuer" }, byReservation("charge"));
const refunded = past(3, "PaymentRefunded", { ...keys, paymentId, amount: 300_050 }, byReservation(testId(9, "e")));

const spec = specification({ world: (sources) => new InMemoryMileage(sources), given: (world, event) => world.policy.handle(event) });

describe("mileage follows payments", () => {
  it("earns floor(amount / 100) points when a payment is approved", () =>
    spec.given().when((w) => w.policy.handle(approved)).then(
      [minted(2, "MileageEarned", { entryId: testId(1), ...keys, points: 3000 }, byReservation(approved.id))],
      async (_, w) => expect(await w.balanceOf("guest-1")).toBe(3000),
    ));

  it("earns nothing for a declined payment", () =>
    spec.given().when((w) => w.policy.handle(declined)).then([], (_, w) => expect(w.entries).toEqual([])));

  it("deducts the same points, as a positive magnitude, when the payment is refunded", () =>
    spec.given(approved).when((w) => w.policy.handle(refunded)).then(
      [minted(4, "MileageDeducted", { entryId: testId(3), ...keys, points: 3000 }, byReservation(refunded.id))],
      async (_, w) => expect(await w.balanceOf("guest-1")).toBe(0),
    ));

  it("applies a redelivered approval once", () =>
    spec.given(approved).when((w) => w.policy.handle(approved)).then([], (_, w) => expect(w.entries).toHaveLength(1)));

  it("deducts once, however often the refund arrives", () =>
    spec.given(approved, refunded).when((w) => w.policy.handle(refunded)).then([], async (_, w) => expect(await w.balanceOf("guest-1")).toBe(0)));
});
