import { loaderFor } from "@airbnb/service";
import type { ReservationResolvers } from "../../generated/graphql.ts";
import type { ReservationApp } from "../types.ts";

/** Reservations the gateway asks for by key, batched into one query per request. */
export const resolveReservationReference = (app: ReservationApp): ReservationResolvers["__resolveReference"] => ({ id }, ctx) =>
  loaderFor(ctx, "reservations", (ids) => app.reads.byIds(ids), (r) => r.id).load(id);
