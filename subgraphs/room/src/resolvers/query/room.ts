import type { QueryResolvers } from "../../generated/graphql.ts";
import type { RoomApp } from "../types.ts";

export const room = (app: RoomApp): QueryResolvers["room"] => (_, { id }) => app.reads.room(id);
