import { presentRoom } from "../presenter.ts";
import type { Resolver, RoomApp } from "../types.ts";

export const modifyRoom = (app: RoomApp): Resolver<{ id: string; input: unknown }> => async (_, { id, input }, ctx) =>
  presentRoom(await app.commands.modify(ctx, id, input));
