import { loaderFor } from "@airbnb/service";
import type { PaymentStore } from "../../application/ports.ts";
import type { ReservationResolvers } from "../../generated/graphql.ts";

/** Reservation.payment, batched: one query for all reservations of a request. */
export const reservationPayment = (store: PaymentStore): ReservationResolvers["payment"] => ({ id }, _, ctx) =>
  loaderFor(ctx, "payments", (ids) => store.findByReservations(ids), (p) => p.reservationId).load(id);
