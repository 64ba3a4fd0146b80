import { presentReservation } from "../presenter.ts";
import type { ReservationApp, Resolver } from "../types.ts";

export const reserveRoom = (app: ReservationApp): Resolver<{ input: unknown }> => async (_, { input }, ctx) =>
  presentReservation(await app.reserveRoom.execute(ctx, input));
