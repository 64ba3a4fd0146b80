import { createEvent, type DomainEvent, type EventOrigin } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import type { Payment } from "../domain/payment.ts";

/** The event that reports a payment's current status; booking flows correlate by reservation id. */
export function paymentEvent(payment: Payment, causationId: string, sources: Sources): DomainEvent {
  const origin: EventOrigin = { correlationId: payment.reservationId, causationId };
  const keys = { paymentId: payment.id, reservationId: payment.reservationId, roomId: payment.roomId, guestId: payment.guestId };
  switch (payment.status) {
    case "APPROVED":
      return createEvent("PaymentApproved", { ...keys, amount: payment.amount }, origin, sources);
    case "DECLINED":
      return createEvent("PaymentDeclined", { ...keys, reason: payment.declineReason ?? "declined" }, origin, sources);
    case "REFUNDED":
      return createEvent("PaymentRefunded", { ...keys, amount: payment.amount }, origin, sources);
    default: {
      const unknown: never = payment.status;
      throw new Error(`unhandled payment status ${String(unknown)}`);
    }
  }
}
