import { loaderFor } from "@airbnb/service";
import type { ReservationResolvers } from "../../generated/graphql.ts";
import type { MileageApp } from "../types.ts";

/** The entries of every reservation in one `_entities` call, read in one query. */
export const reservationMileage = (app: MileageApp): ReservationResolvers["mileage"] => async ({ id }, _, ctx) => {
  const loader = loaderFor(ctx, "mileageByReservation", (ids) => app.reads.byReservations(ids), (group) => group.reservationId);
  return (await loader.load(id))?.entries ?? [];
};
