import { loaderFor } from "@airbnb/service";
import { presentEntry } from "../presenter.ts";
import type { MileageApp, Resolver } from "../types.ts";

/** The entries of every reservation in one `_entities` call, read in one query. */
export const reservationMileage = (app: MileageApp): Resolver<unknown, { id: string }> => async ({ id }, _, ctx) => {
  const loader = loaderFor(ctx, "mileageByReservation", (ids) => app.reads.byReservations(ids), (group) => group.reservationId);
  return ((await loader.load(id))?.entries ?? []).map(presentEntry);
};
