import { appendToOutbox, handleOnce, postgresErrorCode, UNIQUE_VIOLATION, type OutboxRelay } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { PaymentStore, RefundDecision, RefundStore } from "../application/ports.ts";
import type { Payment } from "../domain/payment.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";

export class PrismaPaymentStore implements PaymentStore, RefundStore {
  constructor(private readonly db: PrismaClient, private readonly relay: OutboxRelay) {}

  findByReservations(reservationIds: readonly string[]): Promise<Payment[]> {
    return this.db.payment.findMany({ where: { reservationId: { in: [...reservationIds] } } });
  }

  async insertOnce(payment: Payment, event: DomainEvent): Promise<Payment> {
    try {
      await this.db.$transaction(async (tx) => {
        await tx.payment.create({ data: payment });
        await appendToOutbox(tx, [event]);
      });
      this.relay.kick();
      return payment;
    } catch (error) {
      if (postgresErrorCode(error) !== UNIQUE_VIOLATION) throw error;
      return this.db.payment.findUniqueOrThrow({ where: { reservationId: payment.reservationId } });
    }
  }

  refundOnce(cause: DomainEvent, reservationId: string, decide: RefundDecision): Promise<void> {
    return handleOnce(this.db, this.relay, "payment", cause, async (tx) => {
      let outcome = decide(await tx.payment.findUnique({ where: { reservationId } }));
      if (outcome && "voided" in outcome) {
        const { count } = await tx.payment.createMany({ data: [outcome.voided], skipDuplicates: true });
        if (count === 1) return [];
        // The charge committed meanwhile (the insert waited for it): decide on the real payment.
        outcome = decide(await tx.payment.findUnique({ where: { reservationId } }));
      }
      if (!outcome || "voided" in outcome) return [];
      const { status, refundedAt } = outcome.refunded;
      // Guarded by status, so two different events for one payment refund it once.
      const { count } = await tx.payment.updateMany({ where: { id: outcome.refunded.id, status: "APPROVED" }, data: { status, refundedAt } });
      return count === 1 ? [outcome.event] : [];
    });
  }
}
