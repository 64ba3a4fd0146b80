import { presentRoom } from "../presenter.ts";
import type { Resolver, RoomApp } from "../types.ts";

export const room = (app: RoomApp): Resolver<{ id: string }> => async (_, { id }) => {
  const found = await app.reads.room(id);
  return found && presentRoom(found);
};
