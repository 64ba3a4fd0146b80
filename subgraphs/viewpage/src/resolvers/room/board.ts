import { loaderFor } from "@airbnb/service";
import type { RoomResolvers } from "../../generated/graphql.ts";
import type { BoardApp } from "../types.ts";

/** The rooms of one request are read in one query; `entries` answers every id it is given. */
export const roomBoardEntry = (app: BoardApp): RoomResolvers["board"] => async (room, _, ctx) => {
  const entry = await loaderFor(ctx, "board-entries", (ids) => app.reads.entries(ids), (e) => e.roomId).load(room.id);
  if (!entry) throw new Error(`the board answered no entry for room ${room.id}`);
  return entry;
};
