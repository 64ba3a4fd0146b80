import type { RoomKey } from "../types.ts";

/** Any room id is a room here: one the board has not seen yet shows a neutral entry. */
export const resolveRoomReference = ({ id }: RoomKey) => ({ __typename: "Room" as const, id });
