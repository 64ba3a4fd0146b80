import type { DomainEvent } from "@airbnb/events";
import type { Payment } from "../domain/payment.ts";

export interface PaymentStore {
  findByReservations(reservationIds: readonly string[]): Promise<Payment[]>;
  /** Inserts the payment with its event; returns the payment already there if the reservation was charged before. */
  insertOnce(payment: Payment, event: DomainEvent): Promise<Payment>;
}

/** Decides a refund from the payment as it is inside the transaction that applies the event. */
export type RefundDecision = (payment: Payment | null) => { refunded: Payment; event: DomainEvent } | { voided: Payment } | null;

export interface RefundStore {
  /** Applies the decision once per event (inbox), with its event (outbox), in one transaction. */
  refundOnce(cause: DomainEvent, reservationId: string, decide: RefundDecision): Promise<void>;
}
