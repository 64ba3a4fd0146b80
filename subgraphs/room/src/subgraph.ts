import type { SubgraphDefinition } from "@airbnb/service";
import { RoomCommands } from "./application/commands.ts";
import { RoomReads } from "./application/queries.ts";
import { SqlRoomStore } from "./infrastructure/sql-room-store.ts";
import { roomResolvers } from "./resolvers/index.ts";

export const roomSubgraph: SubgraphDefinition = {
  name: "room",
  schemaFile: new URL("../schema.graphql", import.meta.url),
  build({ db, relay }) {
    const store = new SqlRoomStore(db, relay);
    return { resolvers: roomResolvers({ commands: new RoomCommands(store), reads: new RoomReads(store) }) };
  },
};
