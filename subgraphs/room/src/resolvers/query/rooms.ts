import type { QueryResolvers } from "../../generated/graphql.ts";
import type { RoomApp } from "../types.ts";

export const rooms = (app: RoomApp): QueryResolvers["rooms"] => (_, { city, ...page }) => app.reads.rooms(city, page);
