import { createPrismaClient } from "@airbnb/db";
import type { SubgraphDefinition } from "@airbnb/service";
import { chargePayment } from "./application/charge-payment.ts";
import { onReservationEvent } from "./application/on-reservation-event.ts";
import { PrismaClient } from "./infrastructure/generated/prisma/client.ts";
import { PrismaPaymentStore } from "./infrastructure/prisma-payment-store.ts";
import { paymentResolvers } from "./resolvers/index.ts";

export const paymentSubgraph: SubgraphDefinition<PrismaClient> = {
  name: "payment",
  schemaFile: new URL("../schema.graphql", import.meta.url),
  connect: (url) => createPrismaClient(PrismaClient, url),
  build({ db, relay }) {
    const store = new PrismaPaymentStore(db, relay);
    return {
      resolvers: paymentResolvers(store),
      // Called synchronously by the reservation context while it holds the nights.
      routes: { charge: (body, _caller, requestId) => chargePayment(store, body, requestId) },
      consumers: [{ filter: "reservation.>", keyOf: (event) => event.correlationId, handle: onReservationEvent(store) }],
    };
  },
};
