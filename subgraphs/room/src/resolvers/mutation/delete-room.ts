import { presentRoom } from "../presenter.ts";
import type { Resolver, RoomApp } from "../types.ts";

export const deleteRoom = (app: RoomApp): Resolver<{ id: string }> => async (_, { id }, ctx) =>
  presentRoom(await app.commands.delete(ctx, id));
