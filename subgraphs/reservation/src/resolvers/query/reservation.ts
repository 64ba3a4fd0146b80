import type { QueryResolvers } from "../../generated/graphql.ts";
import type { ReservationApp } from "../types.ts";

export const reservation = (app: ReservationApp): QueryResolvers["reservation"] => (_, { id }, ctx) =>
  app.reads.reservation(ctx.identity, id);
