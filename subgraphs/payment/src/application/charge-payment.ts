import { parseInput, type Sources } from "@airbnb/kernel";
import { charge, type Payment } from "../domain/payment.ts";
import { chargeRequestSchema } from "./charge-input.ts";
import { paymentEvent } from "./payment-events.ts";
import type { PaymentStore } from "./ports.ts";

export interface ChargeResult {
  paymentId: string;
  status: Payment["status"];
  reason: string | null;
}

/**
 * Charges a reservation once: the reservation id is the idempotency key, so a
 * retried call (after a timeout, say) returns the first outcome, never a second charge.
 */
export async function chargePayment(store: PaymentStore, sources: Sources, body: unknown, requestId: string): Promise<ChargeResult> {
  const request = parseInput(chargeRequestSchema, body);
  const payment = charge(sources.newId(), request, sources.clock());
  const stored = await store.insertOnce(payment, paymentEvent(payment, requestId, sources));
  return { paymentId: stored.id, status: stored.status, reason: stored.declineReason };
}
