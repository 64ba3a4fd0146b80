import type { RoomResolvers } from "../../generated/graphql.ts";
import type { ReservationApp } from "../types.ts";

export const roomReservations = (app: ReservationApp): RoomResolvers["reservations"] =>
  ({ id }, { status, ...page }, ctx) => app.reads.ofRoom(ctx.identity, id, status ?? null, page);
