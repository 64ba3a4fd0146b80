import { presentReservation } from "../presenter.ts";
import type { ReservationApp, Resolver } from "../types.ts";

export const myReservations = (app: ReservationApp): Resolver<{ first?: number | null; after?: string | null }> => async (_, page, ctx) =>
  (await app.reads.mine(ctx.identity, page)).map(presentReservation);
