import type { MutationResolvers } from "../../generated/graphql.ts";
import type { RoomApp } from "../types.ts";

export const modifyRoom = (app: RoomApp): MutationResolvers["modifyRoom"] => (_, { id, input }, ctx) => app.commands.modify(ctx, id, input);
