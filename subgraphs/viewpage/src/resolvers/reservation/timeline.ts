import type { ReservationResolvers } from "../../generated/graphql.ts";
import type { BoardApp } from "../types.ts";

export const reservationTimeline = (app: BoardApp): ReservationResolvers["timeline"] => (reservation, args, ctx) =>
  app.timeline.timeline(ctx.identity, reservation.id, args);
