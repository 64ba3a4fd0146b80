import { createPrismaClient } from "@airbnb/db";
import type { SubgraphDefinition } from "@airbnb/service";
import { RoomCommands } from "./application/commands.ts";
import { RoomReads } from "./application/queries.ts";
import { PrismaClient } from "./infrastructure/generated/prisma/client.ts";
import { PrismaRoomStore } from "./infrastructure/prisma-room-store.ts";
import { roomResolvers } from "./resolvers/index.ts";

export const roomSubgraph: SubgraphDefinition<PrismaClient> = {
  name: "room",
  schemaFile: new URL("../schema.graphql", import.meta.url),
  connect: (url) => createPrismaClient(PrismaClient, url),
  build({ db, relay }) {
    const store = new PrismaRoomStore(db, relay);
    return { resolvers: roomResolvers({ commands: new RoomCommands(store), reads: new RoomReads(store) }) };
  },
};

