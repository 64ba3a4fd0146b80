import type { MutationResolvers } from "../../generated/graphql.ts";
import type { RoomApp } from "../types.ts";

export const registerRoom = (app: RoomApp): MutationResolvers["registerRoom"] => (_, { input }, ctx) => app.commands.register(ctx, input);
