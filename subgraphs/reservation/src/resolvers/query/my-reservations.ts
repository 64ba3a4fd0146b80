import { presentReservation } from "../presenter.ts";
import type { ReservationApp, Resolver } from "../types.ts";

export const myReservations = (app: ReservationApp): Resolver<object> => async (_, __, ctx) =>
  (await app.reads.mine(ctx.identity)).map(presentReservation);
