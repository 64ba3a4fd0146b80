import { isUuid, notFound, requireRole, type CommandContext, type Sources } from "@airbnb/kernel";
import { cancel, type Reservation } from "../domain/reservation.ts";
import { todayUtc } from "../domain/stay.ts";
import type { ReservationStore } from "./ports.ts";
import { reservationEvent } from "./reservation-events.ts";

/** Releases the nights at once (before the stay begins); refund, mileage and messages follow from the event. */
export class CancelReservation {
  constructor(private readonly reservations: ReservationStore, private readonly sources: Sources) {}

  async execute(ctx: CommandContext, id: string): Promise<Reservation> {
    const guest = requireRole(ctx.identity, "guest");
    for (;;) {
      const reservation = isUuid(id) ? await this.reservations.find(id) : null;
      if (!reservation || reservation.status === "PENDING") throw notFound("reservation");
      const now = this.sources.clock();
      const cancelled = cancel(reservation, guest.userId, todayUtc(now), now);
      if (!cancelled) return reservation;
      if (await this.reservations.transition(cancelled, "CONFIRMED", reservationEvent(cancelled, ctx.requestId, this.sources))) return cancelled;
    }
  }
}
