import { eventConsumer } from "@airbnb/nats";
import type { SubgraphDefinition } from "@airbnb/service";
import { chargePayment } from "./application/charge-payment.ts";
import { onReservationEvent } from "./application/on-reservation-event.ts";
import { SqlPaymentStore } from "./infrastructure/sql-payment-store.ts";
import { paymentResolvers } from "./resolvers/index.ts";

export const paymentSubgraph: SubgraphDefinition = {
  name: "payment",
  schemaFile: new URL("../schema.graphql", import.meta.url),
  build({ db, relay, sources }) {
    const store = new SqlPaymentStore(db, relay);
    return {
      resolvers: paymentResolvers(store),
      // Called synchronously by the reservation context while it holds the nights.
      routes: { charge: (body, _caller, requestId) => chargePayment(store, sources, body, requestId) },
      consumers: [eventConsumer({ filter: "reservation.>", handlers: onReservationEvent(store, sources), inbox: true })],
    };
  },
};
