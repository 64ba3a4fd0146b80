import { randomUUID } from "node:crypto";
import { parseInput } from "@airbnb/kernel";
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
export async function chargePayment(store: PaymentStore, body: unknown, requestId: string, now = new Date()): Promise<ChargeResult> {
  const request = parseInput(chargeRequestSchema, body);
  const payment = charge(randomUUID(), request, now);
  const stored = await store.insertOnce(payment, paymentEvent(payment, requestId));
  return { paymentId: stored.id, status: stored.status, reason: stored.declineReason };
}
