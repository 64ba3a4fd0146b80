import { presentReservation } from "../presenter.ts";
import type { ReservationApp, Resolver } from "../types.ts";

export const reservation = (app: ReservationApp): Resolver<{ id: string }> => async (_, { id }, ctx) => {
  const found = await app.reads.reservation(ctx.identity, id);
  return found && presentReservation(found);
};
