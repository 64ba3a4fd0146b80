import { loaderFor, type RequestContext } from "@airbnb/service";
import type { PaymentStore } from "../../application/ports.ts";
import type { Payment } from "../../domain/payment.ts";

const present = (payment: Payment) => ({
  id: payment.id,
  reservationId: payment.reservationId,
  amount: payment.amount,
  status: payment.status,
  approvedAt: payment.approvedAt?.toISOString() ?? null,
  refundedAt: payment.refundedAt?.toISOString() ?? null,
});

/** Reservation.payment, batched: one query for all reservations of a request. */
export const reservationPayment = (store: PaymentStore) => async ({ id }: { id: string }, _: unknown, ctx: RequestContext) => {
  const payment = await loaderFor(ctx, "payments", (ids) => store.findByReservations(ids), (p) => p.reservationId).load(id);
  return payment && present(payment);
};
