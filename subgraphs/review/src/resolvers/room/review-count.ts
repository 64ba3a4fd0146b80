import type { Resolver, ReviewApp, RoomKey } from "../types.ts";
import { ratingOf } from "./rating.ts";

export const reviewCount = (app: ReviewApp): Resolver<unknown, RoomKey> => async (room, _, ctx) =>
  (await ratingOf(app, room.id, ctx)).reviewCount;
