import { setTimeout as sleep } from "node:timers/promises";
import type { AwaitDecision, ReservationStore } from "../application/ports.ts";

/**
 * The store tells no one when a reservation is decided, so the row is read
 * again until it is; a payment call (timeouts and retry included) ends well
 * within the bound.
 */
export function pollDecision(reservations: Pick<ReservationStore, "find">, { pollMs = 20, timeoutMs = 15_000 } = {}): AwaitDecision {
  return async (reservationId) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await sleep(pollMs);
      const current = await reservations.find(reservationId);
      if (current?.status !== "PENDING" || Date.now() >= deadline) return current;
    }
  };
}
