import type { QueryResolvers } from "../../generated/graphql.ts";
import type { ReservationApp } from "../types.ts";

export const myReservations = (app: ReservationApp): QueryResolvers["myReservations"] => (_, page, ctx) =>
  app.reads.mine(ctx.identity, page);
