export type MileageKind = "EARNED" | "DEDUCTED";

/** One line of a guest's ledger. */
export interface MileageEntry {
  id: string;
  guestId: string;
  reservationId: string;
  roomId: string;
  paymentId: string;
  /** Positive when EARNED, negative when DEDUCTED: a balance is the plain sum of a guest's entries. */
  points: number;
  kind: MileageKind;
  createdAt: Date;
}

/** A payment as the payment context reports it, approved or refunded. */
export interface PaymentFacts {
  paymentId: string;
  reservationId: string;
  roomId: string;
  guestId: string;
  amount: number;
}

/** One point per 100 currency units paid, rounded down (CONTRACT.md). */
export const pointsFor = (amount: number): number => Math.floor(amount / 100);

const entry = (id: string, payment: PaymentFacts, kind: MileageKind, points: number, now: Date): MileageEntry => {
  const { guestId, reservationId, roomId, paymentId } = payment;
  return { id, guestId, reservationId, roomId, paymentId, points, kind, createdAt: now };
};

/** What an approved payment earns; null when it earns nothing, so the ledger has no empty lines. */
export function earnMileage(id: string, approved: PaymentFacts, now: Date): MileageEntry | null {
  const points = pointsFor(approved.amount);
  return points > 0 ? entry(id, approved, "EARNED", points, now) : null;
}

/**
 * What a refund takes back: exactly what the payment earned. If nothing was
 * recorded as earned (the approval never reached us), what it would have earned.
 */
export function deductMileage(id: string, refunded: PaymentFacts, earnedPoints: number | null, now: Date): MileageEntry | null {
  const points = earnedPoints ?? pointsFor(refunded.amount);
  return points > 0 ? entry(id, refunded, "DEDUCTED", -points, now) : null;
}
