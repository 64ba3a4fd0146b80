import { averageRating } from "../../domain/room-board.ts";
import type { RoomBoardEntryResolvers } from "../../generated/graphql.ts";

export const entryAverageRating: RoomBoardEntryResolvers["averageRating"] = (entry) => averageRating(entry);
