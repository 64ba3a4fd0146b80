import type { RoomResolvers } from "../../generated/graphql.ts";
import type { ReviewApp } from "../types.ts";
import { ratingOf } from "./rating.ts";

export const reviewCount = (app: ReviewApp): RoomResolvers["reviewCount"] => async (room, _, ctx) =>
  (await ratingOf(app, room.id, ctx)).reviewCount;
