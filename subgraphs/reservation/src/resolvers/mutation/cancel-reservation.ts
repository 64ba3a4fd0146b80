import type { MutationResolvers } from "../../generated/graphql.ts";
import type { ReservationApp } from "../types.ts";

export const cancelReservation = (app: ReservationApp): MutationResolvers["cancelReservation"] => (_, { id }, ctx) =>
  app.cancelReservation.execute(ctx, id);
