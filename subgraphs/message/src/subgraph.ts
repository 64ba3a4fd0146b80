import { eventConsumer } from "@airbnb/nats";
import type { SubgraphDefinition } from "@airbnb/service";
import { NotificationPolicy } from "./application/notification-policy.ts";
import { MessageReads } from "./application/queries.ts";
import { SqlMessageStore } from "./infrastructure/sql-message-store.ts";
import { messageResolvers } from "./resolvers/index.ts";

export const messageSubgraph: SubgraphDefinition = {
  name: "message",
  schemaFile: new URL("../schema.graphql", import.meta.url),
  build({ db, relay, sources }) {
    const store = new SqlMessageStore(db, relay);
    const notifications = new NotificationPolicy(store, sources);
    return {
      resolvers: messageResolvers({ reads: new MessageReads(store) }),
      consumers: [eventConsumer({ handlers: notifications.handlers, ordering: "room", inbox: true })],
    };
  },
};
