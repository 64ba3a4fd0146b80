import { eventConsumer } from "@airbnb/nats";
import type { SubgraphDefinition } from "@airbnb/service";
import { PaymentPolicy } from "./application/payment-policy.ts";
import { MileageReads } from "./application/queries.ts";
import { SqlMileageLedger } from "./infrastructure/sql-mileage-ledger.ts";
import { mileageResolvers } from "./resolvers/index.ts";

export const mileageSubgraph: SubgraphDefinition = {
  name: "mileage",
  schemaFile: new URL("../schema.graphql", import.meta.url),
  build({ db, relay, sources }) {
    const ledger = new SqlMileageLedger(db, relay);
    const payments = new PaymentPolicy(ledger, sources);
    return {
      resolvers: mileageResolvers({ reads: new MileageReads(ledger) }),
      consumers: [eventConsumer({ filter: "payment.>", handlers: payments.handlers, inbox: true })],
    };
  },
};
