import type { SubgraphParts } from "@airbnb/service";
import { boardTotals } from "./query/board-totals.ts";
import { roomBoard } from "./query/room-board.ts";
import { roomBoardEntry } from "./room/board.ts";
import { resolveRoomReference } from "./room/reference.ts";
import type { BoardApp } from "./types.ts";

export const viewpageResolvers = (app: BoardApp) =>
  ({
    Query: { roomBoard: roomBoard(app), boardTotals: boardTotals(app) },
    Room: { __resolveReference: resolveRoomReference, board: roomBoardEntry(app) },
  }) as SubgraphParts["resolvers"];
