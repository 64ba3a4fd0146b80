import { presentReservation } from "../presenter.ts";
import type { ReservationApp, Resolver } from "../types.ts";

export const cancelReservation = (app: ReservationApp): Resolver<{ id: string }> => async (_, { id }, ctx) =>
  presentReservation(await app.cancelReservation.execute(ctx, id));
