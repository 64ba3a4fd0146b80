import type { ReservationApp, Resolver } from "../types.ts";

export const roomIsAvailable = (app: ReservationApp): Resolver<{ checkIn: string; checkOut: string }, { id: string }> =>
  ({ id }, { checkIn, checkOut }) => app.reads.isAvailable(id, checkIn, checkOut);
