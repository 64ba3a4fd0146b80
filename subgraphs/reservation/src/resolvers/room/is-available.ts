import type { RoomResolvers } from "../../generated/graphql.ts";
import type { ReservationApp } from "../types.ts";

export const roomIsAvailable = (app: ReservationApp): RoomResolvers["isAvailable"] =>
  ({ id }, { checkIn, checkOut }) => app.reads.isAvailable(id, checkIn, checkOut);
