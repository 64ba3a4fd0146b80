import { averageRating as averageOf } from "../../domain/review.ts";
import type { Resolver, ReviewApp, RoomKey } from "../types.ts";
import { ratingOf } from "./rating.ts";

export const averageRating = (app: ReviewApp): Resolver<unknown, RoomKey> => async (room, _, ctx) =>
  averageOf(await ratingOf(app, room.id, ctx));
