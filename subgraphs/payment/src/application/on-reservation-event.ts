import { randomUUID } from "node:crypto";
import type { DomainEvent } from "@airbnb/events";
import { voidCharge } from "../domain/payment.ts";
import type { RefundStore } from "./ports.ts";
import { refundFor } from "./refund-payment.ts";

/**
 * A cancelled reservation is refunded. So is a rejected one that was charged
 * after all (the reservation gave up waiting for an answer that came late);
 * a rejected one not charged yet is voided, so a charge still on its way
 * finds it and charges nothing. Nothing is charged for nights never held.
 */
export function onReservationEvent(store: RefundStore) {
  return async (event: DomainEvent): Promise<void> => {
    switch (event.type) {
      case "ReservationCancelled":
        return store.refundOnce(event, event.data.reservationId, (payment) => refundFor(payment, event));
      case "ReservationRejected": {
        const { reservationId, roomId, guestId } = event.data;
        return store.refundOnce(event, reservationId, (payment) =>
          payment ? refundFor(payment, event) : { voided: voidCharge(randomUUID(), { reservationId, roomId, guestId }, new Date()) },
        );
      }
      default:
        return;
    }
  };
}
