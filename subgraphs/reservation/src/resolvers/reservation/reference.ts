import { loaderFor, type RequestContext } from "@airbnb/service";
import { presentReservation } from "../presenter.ts";
import type { ReservationApp } from "../types.ts";

/** Reservations the gateway asks for by key, batched into one query per request. */
export const resolveReservationReference = (app: ReservationApp) => async ({ id }: { id: string }, ctx: RequestContext) => {
  const found = await loaderFor(ctx, "reservations", (ids) => app.reads.byIds(ids), (r) => r.id).load(id);
  return found && presentReservation(found);
};
