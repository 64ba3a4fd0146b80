import type { MutationResolvers } from "../../generated/graphql.ts";
import type { RoomApp } from "../types.ts";

export const deleteRoom = (app: RoomApp): MutationResolvers["deleteRoom"] => (_, { id }, ctx) => app.commands.delete(ctx, id);
