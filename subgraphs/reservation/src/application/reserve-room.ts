import { DomainError, isUuid, notFound, parseInput, requireRole, type CommandContext, type Sources } from "@airbnb/kernel";
import { confirm, reject, requestReservation, type Reservation } from "../domain/reservation.ts";
import { bookableStay, todayUtc, type Stay } from "../domain/stay.ts";
import { admitAll, PaymentUnavailableError, type Admission, type AwaitDecision, type PaymentGateway, type ReservationStore, type RoomLookup } from "./ports.ts";
import { reservationEvent } from "./reservation-events.ts";
import { reserveRoomSchema, type ReserveRoomInput } from "./reservation-input.ts";

/**
 * Books nights: hold them (the database refuses overlaps), ask payment
 * synchronously, then confirm or reject. No payment, no booking. A valid
 * request is worked on only when admitted (else OVERLOADED, before anything is held).
 */
export class ReserveRoom {
  constructor(
    private readonly reservations: ReservationStore,
    private readonly rooms: RoomLookup,
    private readonly payments: PaymentGateway,
    private readonly awaitDecision: AwaitDecision,
    private readonly sources: Sources,
    private readonly admission: Admission = admitAll,
  ) {}

  async execute(ctx: CommandContext, input: unknown): Promise<Reservation> {
    const guest = requireRole(ctx.identity, "guest");
    const request = parseInput(reserveRoomSchema, input);
    const stay = bookableStay(request.checkIn, request.checkOut, todayUtc(this.sources.clock()));
    return this.admission.run(() => this.book(ctx, guest.userId, request, stay));
  }

  private async book(ctx: CommandContext, guestId: string, request: ReserveRoomInput, stay: Stay): Promise<Reservation> {
    const key = request.idempotencyKey;

    const earlier = key && (await this.reservations.findByIdempotencyKey(guestId, key));
    if (earlier) return this.settled(earlier);
    if (!this.payments.available) throw this.paymentUnavailable();
    const room = isUuid(request.roomId) ? await this.rooms(request.roomId) : null;
    if (!room) throw notFound("room");

    const pending = requestReservation(room, { id: this.sources.newId(), guestId, stay, guests: request.guests, idempotencyKey: key }, this.sources.clock());
    const held = await this.reservations.hold(pending);
    if (held !== "held") {
      // A concurrent retry with the same key got there first: its reservation is the answer.
      const first = key && (await this.reservations.findByIdempotencyKey(guestId, key));
      if (first) return this.settled(first);
      throw new DomainError("ROOM_UNAVAILABLE", "those nights are already booked");
    }
    return this.pay(ctx, pending, request.paymentMethod);
  }

  private async pay(ctx: CommandContext, pending: Reservation, paymentMethod: string): Promise<Reservation> {
    const { id: reservationId, roomId, guestId, amount } = pending;
    let decided: Reservation;
    try {
      const outcome = await this.payments.charge({ reservationId, roomId, guestId, amount, paymentMethod });
      decided = outcome.status === "APPROVED"
        ? confirm(pending, outcome.paymentId, this.sources.clock())
        : reject(pending, outcome.reason ?? "payment declined", outcome.paymentId, this.sources.clock());
    } catch (error) {
      if (!(error instanceof PaymentUnavailableError)) throw error;
      const rejected = reject(pending, "payment unavailable", null, this.sources.clock());
      await this.reservations.transition(rejected, "PENDING", reservationEvent(rejected, ctx.requestId, this.sources), true);
      throw this.paymentUnavailable();
    }
    if (await this.reservations.transition(decided, "PENDING", reservationEvent(decided, ctx.requestId, this.sources))) return decided;
    if (decided.status === "CONFIRMED") {
      // Still PENDING means the room was delisted while the guest paid: payment refunds the rejection.
      const refused = reject(pending, "room delisted while paying", decided.paymentId, this.sources.clock());
      if (await this.reservations.transition(refused, "PENDING", reservationEvent(refused, ctx.requestId, this.sources))) return refused;
    }
    // Swept as abandoned meanwhile: report what the store says.
    return this.settled(pending);
  }

  /** A reservation as decided; waits while a concurrent request for it is still paying. */
  private async settled(reservation: Reservation): Promise<Reservation> {
    const current = reservation.status === "PENDING" ? await this.awaitDecision(reservation.id) : reservation;
    if (!current || current.status === "PENDING") throw this.paymentUnavailable();
    return current;
  }

  private paymentUnavailable(): DomainError {
    return new DomainError("PAYMENT_UNAVAILABLE", "payment could not be reached: nothing was held or charged, try again", {
      retryAfterSeconds: this.payments.retryAfterSeconds,
    });
  }
}
