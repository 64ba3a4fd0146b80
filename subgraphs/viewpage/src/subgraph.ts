import type { SubgraphDefinition } from "@airbnb/service";
import { boardKeyOf } from "./application/board-projection.ts";
import { BoardProjector } from "./application/board-projector.ts";
import { BoardReads } from "./application/queries.ts";
import { SqlBoardStore } from "./infrastructure/sql-board-store.ts";
import { viewpageResolvers } from "./resolvers/index.ts";

export const viewpageSubgraph: SubgraphDefinition = {
  name: "viewpage",
  schemaFile: new URL("../schema.graphql", import.meta.url),
  build({ db, bus }) {
    const store = new SqlBoardStore(db);
    const projector = new BoardProjector(store, (roomId) => bus.announce(`board.${roomId}`, { roomId }));
    return {
      resolvers: viewpageResolvers({ reads: new BoardReads(store) }),
      // Every event: the board shows facts of every context. Keyed by room, so one room's events apply in stream order.
      consumers: [{ keyOf: boardKeyOf, handle: (event) => projector.handle(event) }],
    };
  },
};
