import { describe, expect, it } from "vitest";
import { minted, past, specification, testId, TEST_NOW } from "@airbnb/testkit/use-case-spec";
import { InMemoryPayments } from "./in-memory-payments.ts";

const reservationId = testId(1, "e");
const keys = { reservationId, roomId: testId(2, "e"), guestId: "guest-1" };
const paymentId = testId(3, "e");
const request = { ...keys, amount: 300_000, paymentMethod: "card" };
const byReservation = (causationId: string) => ({ correlationId: reservationId, causationId });
const stay = { ...keys, hostId: "host-1", paymentId, checkIn: "2027-01-10", checkOut: "2027-01-13" };
const approved = past(1, "PaymentApproved", { ...keys, paymentId, amount: 300_000 }, byReservation("charge"));
const cancelled = past(2, "ReservationCancelled", { ...stay, cancelledBy: "GUEST" }, byReservation("req-9"));
const rejectedLate = past(3, "ReservationRejected", { ...keys, reason: "payment unavailable", paymentId: null }, byReservation("req-9"));
const confirmed = past(4, "ReservationConfirmed", { ...stay, nights: 3, guests: 2, amount: 300_000 }, byReservation("req-9"));

const spec = specification({ world: (sources) => new InMemoryPayments(sources), given: (world, event) => world.given(event) });

describe("charging a reservation", () => {
  it("approves a card and announces it by reservation", () =>
    spec.given().when((w) => w.charge(request, "req-1")).then(
      [minted(2, "PaymentApproved", { ...keys, paymentId: testId(1), amount: 300_000 }, byReservation("req-1"))],
      (result, w) => {
        expect(result).toEqual({ paymentId: testId(1), status: "APPROVED", reason: null });
        expect(w.payments.get(reservationId)).toMatchObject({ status: "APPROVED", approvedAt: new Date(TEST_NOW) });
      },
    ));

  it("declines the declined card with its reason", () =>
    spec.given().when((w) => w.charge({ ...request, paymentMethod: "declined-card" }, "req-1")).then(
      [minted(2, "PaymentDeclined", { ...keys, paymentId: testId(1), reason: "card declined by issuer" }, byReservation("req-1"))],
      (result) => expect(result).toEqual({ paymentId: testId(1), status: "DECLINED", reason: "card declined by issuer" }),
    ));

  it("answers a retried charge with the first outcome, never charging twice", () =>
    spec.given(approved).when((w) => w.charge(request, "req-2")).then([], (result, w) => {
      expect(result).toEqual({ paymentId, status: "APPROVED", reason: null });
      expect(w.payments.size).toBe(1);
    }));

  it("charges nothing for a reservation rejected before the charge arrived", () =>
    spec.given(rejectedLate).when((w) => w.charge(request, "req-1")).then([], (result) =>
      expect(result).toEqual({ paymentId: testId(1), status: "DECLINED", reason: "reservation rejected before the charge arrived" }),
    ));

  it("refuses a request that is not a reservation's", () =>
    spec.given().when((w) => w.charge({ ...request, reservationId: "v1", amount: 0 })).thenFails("BAD_USER_INPUT"));
});

describe("refunds, from reservation events", () => {
  it("refunds a cancelled stay's payment, once however often the event comes", () =>
    spec
      .given(approved)
      .when(async (w) => {
        await w.onEvent(cancelled);
        await w.onEvent(cancelled);
      })
      .then([minted(1, "PaymentRefunded", { ...keys, paymentId, amount: 300_000 }, byReservation(cancelled.id))], (_, w) =>
        expect(w.payments.get(reservationId)).toMatchObject({ status: "REFUNDED", refundedAt: new Date(TEST_NOW) }),
      ));

  it("refunds a charge that went through after the reservation gave up on it", () =>
    spec.given(approved).when((w) => w.onEvent(rejectedLate)).then([minted(1, "PaymentRefunded", { ...keys, paymentId, amount: 300_000 }, byReservation(rejectedLate.id))]));

  it("leaves a confirmed stay's payment alone, and refunds no payment twice", async () => {
    await spec.given(approved).when((w) => w.onEvent(confirmed)).then([], (_, w) => expect(w.payments.get(reservationId)?.status).toBe("APPROVED"));
    await spec.given(approved, cancelled).when((w) => w.onEvent(rejectedLate)).then([]);
  });
});
