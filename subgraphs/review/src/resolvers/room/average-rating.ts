import { averageRating as averageOf } from "../../domain/review.ts";
import type { RoomResolvers } from "../../generated/graphql.ts";
import type { ReviewApp } from "../types.ts";
import { ratingOf } from "./rating.ts";

export const averageRating = (app: ReviewApp): RoomResolvers["averageRating"] => async (room, _, ctx) =>
  averageOf(await ratingOf(app, room.id, ctx));
