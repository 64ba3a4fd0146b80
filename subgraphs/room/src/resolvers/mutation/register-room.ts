import { presentRoom } from "../presenter.ts";
import type { Resolver, RoomApp } from "../types.ts";

export const registerRoom = (app: RoomApp): Resolver<{ input: unknown }> => async (_, { input }, ctx) =>
  presentRoom(await app.commands.register(ctx, input));
