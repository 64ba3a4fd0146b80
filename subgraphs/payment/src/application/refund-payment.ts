import type { DomainEvent } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import { refund, type Payment } from "../domain/payment.ts";
import { paymentEvent } from "./payment-events.ts";

/** The refund a reservation event calls for, with the event that reports it; null when there is nothing to refund. */
export function refundFor(payment: Payment | null, cause: DomainEvent, sources: Sources): { refunded: Payment; event: DomainEvent } | null {
  const refunded = payment && refund(payment, sources.clock());
  return refunded && { refunded, event: paymentEvent(refunded, cause.id, sources) };
}
