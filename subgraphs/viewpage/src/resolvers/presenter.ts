import { averageRating, type RoomBoardEntry } from "../domain/room-board.ts";

/** The RoomBoardEntry as the schema shows it. */
export const presentEntry = (entry: RoomBoardEntry) => ({
  roomId: entry.roomId,
  roomName: entry.roomName,
  roomCity: entry.roomCity,
  roomStatus: entry.roomStatus,
  lastReservationId: entry.lastReservationId,
  lastReservationStatus: entry.lastReservationStatus,
  lastPaymentStatus: entry.lastPaymentStatus,
  confirmedReservations: entry.confirmedReservations,
  reviewCount: entry.reviewCount,
  averageRating: averageRating(entry),
  mileagePointsIssued: entry.mileagePointsIssued,
  lastEventType: entry.lastEventType,
  updatedAt: entry.updatedAt.toISOString(),
});
