import type { RoomResolvers } from "../../generated/graphql.ts";

/** Any room id is a room here: one the board has not seen yet shows a neutral entry. */
export const resolveRoomReference: RoomResolvers["__resolveReference"] = ({ id }) => ({ id });
