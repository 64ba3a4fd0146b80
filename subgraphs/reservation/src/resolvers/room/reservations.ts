import type { ReservationStatus } from "../../domain/reservation.ts";
import { presentReservation } from "../presenter.ts";
import type { ReservationApp, Resolver } from "../types.ts";

export const roomReservations = (app: ReservationApp): Resolver<{ status?: ReservationStatus | null }, { id: string }> =>
  async ({ id }, { status }, ctx) => (await app.reads.ofRoom(ctx.identity, id, status ?? null)).map(presentReservation);
