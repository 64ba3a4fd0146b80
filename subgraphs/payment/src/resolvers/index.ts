import { DateTime } from "@airbnb/service";
import type { PaymentStore } from "../application/ports.ts";
import type { Resolvers } from "../generated/graphql.ts";
import { reservationPayment } from "./reservation/payment.ts";

export const paymentResolvers = (store: PaymentStore): Resolvers => ({
  DateTime,
  Reservation: {
    __resolveReference: ({ id }) => ({ id }),
    payment: reservationPayment(store),
  },
});
