import { presentRoom } from "../presenter.ts";
import type { Resolver, RoomApp } from "../types.ts";

export const rooms = (app: RoomApp): Resolver<{ city?: string | null; first?: number | null; after?: string | null }> => async (_, { city, ...page }) =>
  (await app.reads.rooms(city, page)).map(presentRoom);
