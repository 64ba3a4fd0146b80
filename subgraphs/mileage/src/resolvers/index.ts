import { DateTime } from "@airbnb/service";
import type { Resolvers } from "../generated/graphql.ts";
import { accountEntries } from "./mileage-account/entries.ts";
import { myMileage } from "./query/my-mileage.ts";
import { reservationMileage } from "./reservation/mileage.ts";
import { resolveReservationReference } from "./reservation/reference.ts";
import type { MileageApp } from "./types.ts";

export const mileageResolvers = (app: MileageApp): Resolvers => ({
  DateTime,
  Query: { myMileage: myMileage(app) },
  MileageAccount: { entries: accountEntries(app) },
  Reservation: { __resolveReference: resolveReservationReference, mileage: reservationMileage(app) },
});
