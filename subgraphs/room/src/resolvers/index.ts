import { DateTime } from "@airbnb/service";
import type { Resolvers } from "../generated/graphql.ts";
import { deleteRoom } from "./mutation/delete-room.ts";
import { modifyRoom } from "./mutation/modify-room.ts";
import { registerRoom } from "./mutation/register-room.ts";
import { room } from "./query/room.ts";
import { rooms } from "./query/rooms.ts";
import { resolveRoomReference } from "./room/reference.ts";
import type { RoomApp } from "./types.ts";

export const roomResolvers = (app: RoomApp): Resolvers => ({
  DateTime,
  Query: { room: room(app), rooms: rooms(app) },
  Mutation: { registerRoom: registerRoom(app), modifyRoom: modifyRoom(app), deleteRoom: deleteRoom(app) },
  Room: { __resolveReference: resolveRoomReference(app) },
});
