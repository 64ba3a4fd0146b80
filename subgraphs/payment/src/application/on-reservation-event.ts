import type { DomainEvent } from "@airbnb/events";
import type { RefundStore } from "./ports.ts";
import { refundFor } from "./refund-payment.ts";

/**
 * A cancelled reservation is refunded. So is a rejected one that was charged
 * after all (the reservation gave up waiting for an answer that came late):
 * nothing is charged for nights that were never held.
 */
export function onReservationEvent(store: RefundStore) {
  return async (event: DomainEvent): Promise<void> => {
    switch (event.type) {
      case "ReservationCancelled":
      case "ReservationRejected":
        return store.refundOnce(event, event.data.reservationId, (payment) => refundFor(payment, event));
      default:
        return;
    }
  };
}
