import { presentRoom } from "../presenter.ts";
import type { Resolver, RoomApp } from "../types.ts";

export const rooms = (app: RoomApp): Resolver<{ city?: string | null; first?: number | null }> => async (_, { city, first }) =>
  (await app.reads.rooms(city, first)).map(presentRoom);
