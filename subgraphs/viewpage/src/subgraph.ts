import { combineHandlers, everyType } from "@airbnb/events";
import { eventConsumer } from "@airbnb/nats";
import type { SubgraphDefinition } from "@airbnb/service";
import { BoardProjector } from "./application/board-projector.ts";
import { BoardReads } from "./application/queries.ts";
import { loggedEventOf, TimelineReads } from "./application/saga-timeline.ts";
import { SqlBoardStore } from "./infrastructure/sql-board-store.ts";
import { SqlEventLog } from "./infrastructure/sql-event-log.ts";
import { viewpageResolvers } from "./resolvers/index.ts";

export const viewpageSubgraph: SubgraphDefinition = {
  name: "viewpage",
  schemaFile: new URL("../schema.graphql", import.meta.url),
  build({ db, bus, sources }) {
    const store = new SqlBoardStore(db);
    // Once the row is committed (a consumer's batch commits at its end), or a live client would read the old one.
    const projector = new BoardProjector(store, (roomId) => db.afterCommit(() => bus.announce("BoardRowChanged", { roomId })));
    const log = new SqlEventLog(db);
    return {
      resolvers: viewpageResolvers({ reads: new BoardReads(store, sources.clock), timeline: new TimelineReads(log) }),
      // Every event: the board shows facts of every context, a row per room; the log keeps every saga. Both writes
      // are idempotent on their own (inbox; the log's event id), so a redelivery after either failed redoes only what
      // is missing.
      consumers: [
        eventConsumer({
          handlers: combineHandlers(projector.handlers, everyType((event) => log.record(loggedEventOf(event)))),
          ordering: "room",
        }),
      ],
    };
  },
};
