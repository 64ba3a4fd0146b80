import type { MutationResolvers } from "../../generated/graphql.ts";
import type { ReservationApp } from "../types.ts";

export const reserveRoom = (app: ReservationApp): MutationResolvers["reserveRoom"] => (_, { input }, ctx) =>
  app.reserveRoom.execute(ctx, input);
