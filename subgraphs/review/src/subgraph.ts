import { awaitReplica, eventConsumer } from "@airbnb/nats";
import type { SubgraphDefinition } from "@airbnb/service";
import { ReviewCommands } from "./application/commands.ts";
import { ReviewReads } from "./application/queries.ts";
import { StayRecorder } from "./application/stays.ts";
import { SqlReviewStore } from "./infrastructure/sql-review-store.ts";
import { SqlStayLedger } from "./infrastructure/sql-stay-ledger.ts";
import { reviewResolvers } from "./resolvers/index.ts";

export const reviewSubgraph: SubgraphDefinition = {
  name: "review",
  schemaFile: new URL("../schema.graphql", import.meta.url),
  build({ db, bus, relay, sources }) {
    const store = new SqlReviewStore(db, relay);
    const stays = new StayRecorder(new SqlStayLedger(db));
    const commands = new ReviewCommands(store, (lookup) => awaitReplica(bus, "review", lookup), sources);
    return {
      resolvers: reviewResolvers({ commands, reads: new ReviewReads(store) }),
      consumers: [eventConsumer({ handlers: stays.handlers, inbox: true })],
    };
  },
};
