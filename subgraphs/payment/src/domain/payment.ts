export type PaymentStatus = "APPROVED" | "DECLINED" | "REFUNDED";

/** The card the payment context always declines: a test hook with a real meaning. */
export const DECLINED_CARD = "declined-card";

export interface ChargeRequest {
  reservationId: string;
  roomId: string;
  guestId: string;
  amount: number;
  paymentMethod: string;
}

export interface Payment {
  id: string;
  reservationId: string;
  roomId: string;
  guestId: string;
  amount: number;
  method: string;
  status: PaymentStatus;
  declineReason: string | null;
  approvedAt: Date | null;
  refundedAt: Date | null;
  createdAt: Date;
}

export function charge(id: string, request: ChargeRequest, now: Date): Payment {
  const declined = request.paymentMethod === DECLINED_CARD;
  return {
    id,
    reservationId: request.reservationId,
    roomId: request.roomId,
    guestId: request.guestId,
    amount: request.amount,
    method: request.paymentMethod,
    status: declined ? "DECLINED" : "APPROVED",
    declineReason: declined ? "card declined by issuer" : null,
    approvedAt: declined ? null : now,
    refundedAt: null,
    createdAt: now,
  };
}

/** Only an approved payment is refunded; refunding twice, or a declined one, changes nothing. */
export function refund(payment: Payment, now: Date): Payment | null {
  return payment.status === "APPROVED" ? { ...payment, status: "REFUNDED", refundedAt: now } : null;
}

/**
 * A reservation given up before its charge arrived: a DECLINED payment holds
 * its place, so a charge that arrives late finds it and charges nothing.
 */
export function voidCharge(id: string, reservation: { reservationId: string; roomId: string; guestId: string }, now: Date): Payment {
  return {
    id,
    ...reservation,
    amount: 0,
    method: "none",
    status: "DECLINED",
    declineReason: "reservation rejected before the charge arrived",
    approvedAt: null,
    refundedAt: null,
    createdAt: now,
  };
}
