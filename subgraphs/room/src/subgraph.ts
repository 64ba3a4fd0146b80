import type { SubgraphDefinition } from "@airbnb/service";
import { bookableRoom } from "./application/bookable-room.ts";
import { RoomCommands } from "./application/commands.ts";
import { RoomReads } from "./application/queries.ts";
import { SqlRoomStore } from "./infrastructure/sql-room-store.ts";
import { roomResolvers } from "./resolvers/index.ts";

export const roomSubgraph: SubgraphDefinition = {
  name: "room",
  schemaFile: new URL("../schema.graphql", import.meta.url),
  build({ db, relay, sources }) {
    const store = new SqlRoomStore(db, relay);
    const reads = new RoomReads(store);
    return {
      resolvers: roomResolvers({ commands: new RoomCommands(store, sources), reads }),
      // Read synchronously by the reservation context, so a booking sees the room as the host left it.
      routes: { "bookable-room": (body) => bookableRoom(reads, body) },
    };
  },
};
