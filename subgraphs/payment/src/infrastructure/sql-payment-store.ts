import { fragment, handleOnce, outboxInsert, type Database, type OutboxRelay, type Sql } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { PaymentStore, RefundDecision, RefundStore } from "../application/ports.ts";
import type { Payment } from "../domain/payment.ts";

const byReservation = async (sql: Sql, reservationId: string): Promise<Payment | null> =>
  (await sql.query<Payment>`SELECT * FROM payments WHERE reservation_id = ${reservationId}::uuid`)[0] ?? null;

const ifInserted = fragment`WHERE EXISTS (SELECT 1 FROM inserted)`;

export class SqlPaymentStore implements PaymentStore, RefundStore {
  constructor(private readonly db: Database, private readonly relay: OutboxRelay) {}

  findByReservations(reservationIds: readonly string[]): Promise<Payment[]> {
    return this.db.query<Payment>`SELECT * FROM payments WHERE reservation_id = ANY(${reservationIds}::uuid[])`;
  }

  /**
   * One statement (one round trip, its own transaction): the payment and its
   * outbox row commit together; when the reservation already has a payment
   * (a retried charge), nothing is written and the first payment is the answer.
   */
  async insertOnce(p: Payment, event: DomainEvent): Promise<Payment> {
    const written = await this.db.execute`
      WITH inserted AS (
        INSERT INTO payments (id, reservation_id, room_id, guest_id, amount, method, status, decline_reason, approved_at, refunded_at, created_at)
        VALUES (${p.id}::uuid, ${p.reservationId}::uuid, ${p.roomId}::uuid, ${p.guestId}, ${p.amount}, ${p.method},
          ${p.status}::"PaymentStatus", ${p.declineReason}, ${p.approvedAt}, ${p.refundedAt}, ${p.createdAt})
        ON CONFLICT (reservation_id) DO NOTHING
        RETURNING id)
      ${outboxInsert([event], ifInserted)}`;
    if (written === 0) return (await byReservation(this.db, p.reservationId))!;
    this.relay.kick();
    return p;
  }

  refundOnce(cause: DomainEvent, reservationId: string, decide: RefundDecision): Promise<void> {
    return handleOnce(this.db, this.relay, "payment", cause, async (tx) => {
      let outcome = decide(await byReservation(tx, reservationId));
      if (outcome && "voided" in outcome) {
        const v = outcome.voided;
        const inserted = await tx.execute`
          INSERT INTO payments (id, reservation_id, room_id, guest_id, amount, method, status, decline_reason, approved_at, refunded_at, created_at)
          VALUES (${v.id}::uuid, ${v.reservationId}::uuid, ${v.roomId}::uuid, ${v.guestId}, ${v.amount}, ${v.method},
            ${v.status}::"PaymentStatus", ${v.declineReason}, ${v.approvedAt}, ${v.refundedAt}, ${v.createdAt})
          ON CONFLICT (reservation_id) DO NOTHING`;
        if (inserted === 1) return [];
        // The charge committed meanwhile (the insert waited for it): decide on the real payment.
        outcome = decide(await byReservation(tx, reservationId));
      }
      if (!outcome || "voided" in outcome) return [];
      const { id, status, refundedAt } = outcome.refunded;
      // Guarded by status, so two different events for one payment refund it once.
      const refunded = await tx.execute`
        UPDATE payments SET status = ${status}::"PaymentStatus", refunded_at = ${refundedAt}
        WHERE id = ${id}::uuid AND status = 'APPROVED'`;
      return refunded === 1 ? [outcome.event] : [];
    });
  }
}
