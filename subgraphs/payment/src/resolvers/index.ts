import type { SubgraphParts } from "@airbnb/service";
import type { PaymentStore } from "../application/ports.ts";
import { reservationPayment } from "./reservation/payment.ts";

export const paymentResolvers = (store: PaymentStore) =>
  ({
    Reservation: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      payment: reservationPayment(store),
    },
  }) as SubgraphParts["resolvers"];
