import type { Sources } from "@airbnb/kernel";
import { reject } from "../domain/reservation.ts";
import type { ReservationStore } from "./ports.ts";
import { reservationEvent } from "./reservation-events.ts";

/**
 * A process that dies between holding nights and recording payment's answer
 * leaves a PENDING row holding nights. Such rows are released as REJECTED;
 * payment refunds any charge that did go through (it reacts to ReservationRejected).
 */
export function releaseAbandoned(reservations: ReservationStore, abandonedAfterMs: number, sources: Sources): Promise<number> {
  const now = sources.clock();
  return reservations.releaseAbandoned(new Date(now.getTime() - abandonedAfterMs), (pending) => {
    const next = reject(pending, "abandoned while paying", pending.paymentId, now);
    return { next, event: reservationEvent(next, `sweep:${now.toISOString()}`, sources) };
  });
}
