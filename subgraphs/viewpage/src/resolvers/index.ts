import { DateTime } from "@airbnb/service";
import type { Resolvers } from "../generated/graphql.ts";
import { boardTotals } from "./query/board-totals.ts";
import { roomBoard } from "./query/room-board.ts";
import { resolveReservationReference } from "./reservation/reference.ts";
import { reservationTimeline } from "./reservation/timeline.ts";
import { entryAverageRating } from "./room-board-entry/average-rating.ts";
import { roomBoardEntry } from "./room/board.ts";
import { resolveRoomReference } from "./room/reference.ts";
import { eventLoggedAfterMs } from "./timeline-event/logged-after-ms.ts";
import type { BoardApp } from "./types.ts";

export const viewpageResolvers = (app: BoardApp): Resolvers => ({
  DateTime,
  Query: { roomBoard: roomBoard(app), boardTotals: boardTotals(app) },
  Room: { __resolveReference: resolveRoomReference, board: roomBoardEntry(app) },
  RoomBoardEntry: { averageRating: entryAverageRating },
  Reservation: { __resolveReference: resolveReservationReference, timeline: reservationTimeline(app) },
  TimelineEvent: { loggedAfterMs: eventLoggedAfterMs },
});
