import { loaderFor } from "@airbnb/service";
import { presentEntry } from "../presenter.ts";
import type { BoardApp, Resolver, RoomKey } from "../types.ts";

/** The rooms of one request are read in one query; `entries` answers every id it is given. */
export const roomBoardEntry = (app: BoardApp): Resolver<unknown, RoomKey> => async (room, _, ctx) => {
  const entry = await loaderFor(ctx, "board-entries", (ids) => app.reads.entries(ids), (e) => e.roomId).load(room.id);
  return entry && presentEntry(entry);
};
