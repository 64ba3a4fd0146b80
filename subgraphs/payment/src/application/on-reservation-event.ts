import { ignore, type DeliveredBy, type EventHandlers } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import { voidCharge } from "../domain/payment.ts";
import type { RefundStore } from "./ports.ts";
import { refundFor } from "./refund-payment.ts";

/**
 * A cancelled reservation is refunded. So is a rejected one that was charged
 * after all (the reservation gave up waiting for an answer that came late);
 * a rejected one not charged yet is voided, so a charge still on its way
 * finds it and charges nothing. Nothing is charged for nights never held.
 */
export function onReservationEvent(store: RefundStore, sources: Sources): EventHandlers<DeliveredBy<"reservation.>">> {
  return {
    // Confirmed with the payment's approval, which this context gave.
    ReservationConfirmed: ignore,
    ReservationCancelled: (event) => store.refundOnce(event, event.data.reservationId, (payment) => refundFor(payment, event, sources)),
    ReservationRejected: (event) => {
      const { reservationId, roomId, guestId } = event.data;
      return store.refundOnce(event, reservationId, (payment) =>
        payment ? refundFor(payment, event, sources) : { voided: voidCharge(sources.newId(), { reservationId, roomId, guestId }, sources.clock()) },
      );
    },
  };
}
