import { dispatch, type DomainEvent } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import { chargePayment } from "../../src/application/charge-payment.ts";
import { onReservationEvent } from "../../src/application/on-reservation-event.ts";
import type { PaymentStore, RefundStore } from "../../src/application/ports.ts";
import type { Payment } from "../../src/domain/payment.ts";

/**
 * The payment context on in-memory ports, with the database's guarantees: one
 * payment per reservation, each event applied once (inbox), a change and its
 * event committed together (outbox). Charges go through its use case, refunds
 * through its consumer; it is also the reservation context's payment gateway.
 */
export class InMemoryPayments implements PaymentStore, RefundStore {
  readonly payments = new Map<string, Payment>();
  private readonly handled = new Set<string>();
  readonly available = true;
  readonly retryAfterSeconds = 1;
  readonly onEvent: (event: DomainEvent) => Promise<void>;

  constructor(private readonly sources: Sources, readonly published: DomainEvent[] = []) {
    const handlers = onReservationEvent(this, sources);
    this.onEvent = (event) => dispatch(handlers, event);
  }

  charge(request: { reservationId: string; roomId: string; guestId: string; amount: number; paymentMethod: string }, requestId = "charge") {
    return chargePayment(this, this.sources, request, requestId);
  }
  async findByReservations(ids: readonly string[]) {
    return ids.flatMap((id) => this.payments.get(id) ?? []);
  }
  async insertOnce(payment: Payment, event: DomainEvent) {
    const earlier = this.payments.get(payment.reservationId);
    if (earlier) return earlier;
    this.payments.set(payment.reservationId, payment);
    this.published.push(event);
    return payment;
  }
  async refundOnce(cause: DomainEvent, reservationId: string, decide: Parameters<RefundStore["refundOnce"]>[2]) {
    if (this.handled.has(cause.id)) return;
    this.handled.add(cause.id);
    const decision = decide(this.payments.get(reservationId) ?? null);
    if (!decision) return;
    if ("voided" in decision) {
      this.payments.set(reservationId, decision.voided);
      return;
    }
    this.payments.set(reservationId, decision.refunded);
    this.published.push(decision.event);
  }

  /** Where a past event left payments: its own events as the rows they report, others through its consumer. */
  async given(event: DomainEvent): Promise<void> {
    if (event.type !== "PaymentApproved") return this.onEvent(event);
    const { paymentId: id, reservationId, roomId, guestId, amount } = event.data;
    const at = new Date(event.occurredAt);
    this.payments.set(reservationId, {
      id, reservationId, roomId, guestId, amount, method: "card", status: "APPROVED", declineReason: null, approvedAt: at, refundedAt: null, createdAt: at,
    });
  }
}
