import type { ReservationStatus } from "../../domain/reservation.ts";
import { presentReservation } from "../presenter.ts";
import type { ReservationApp, Resolver } from "../types.ts";

export const roomReservations = (app: ReservationApp): Resolver<{ status?: ReservationStatus | null; first?: number | null; after?: string | null }, { id: string }> =>
  async ({ id }, { status, ...page }, ctx) => (await app.reads.ofRoom(ctx.identity, id, status ?? null, page)).map(presentReservation);
