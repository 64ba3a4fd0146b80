export type RoomStatus = "LISTED" | "DELISTED";
export type ReservationStatus = "CONFIRMED" | "CANCELLED" | "REJECTED";
export type PaymentStatus = "APPROVED" | "DECLINED" | "REFUNDED";

/** A room's row of the board. */
export interface RoomBoardEntry {
  roomId: string;
  roomName: string;
  roomCity: string;
  roomStatus: RoomStatus;
  /** The newest room event applied; 0 until one is seen. */
  roomVersion: number;
  lastReservationId: string | null;
  lastReservationStatus: ReservationStatus | null;
  lastPaymentStatus: PaymentStatus | null;
  confirmedReservations: number;
  reviewCount: number;
  ratingSum: number;
  mileagePointsIssued: number;
  /** Net takings: approved payments less refunds, in whole KRW. */
  revenue: number;
  /** The newest UTC day (YYYY-MM-DD) a reservation of the room was confirmed on, and how many were that day. */
  bookingsDay: string | null;
  bookingsOnDay: number;
  lastEventType: string | null;
  updatedAt: Date;
}

/** Sums over the whole board. */
export interface BoardTotals {
  rooms: number;
  roomsListed: number;
  staysConfirmed: number;
  revenue: number;
  mileagePointsIssued: number;
  bookingsToday: number;
}

/**
 * What one event does to its room's row: values to set (null: leave as is) and deltas to add.
 */
export interface BoardChange {
  roomId: string;
  eventType: string;
  occurredAt: Date;
  /** Set only when `version` is newer than the row's: an older room event changes nothing. */
  room: { version: number; name: string | null; city: string | null; status: RoomStatus | null } | null;
  reservation: { id: string; status: ReservationStatus } | null;
  paymentStatus: PaymentStatus | null;
  confirmedDelta: number;
  reviewDelta: number;
  ratingDelta: number;
  pointsDelta: number;
  revenueDelta: number;
  /** Set for a confirmation: the UTC day it occurred on. */
  bookedOn: string | null;
}

/** The row of a room no event has reached yet. */
export const neutralEntry = (roomId: string, at: Date): RoomBoardEntry => ({
  roomId,
  roomName: "",
  roomCity: "",
  roomStatus: "LISTED",
  roomVersion: 0,
  lastReservationId: null,
  lastReservationStatus: null,
  lastPaymentStatus: null,
  confirmedReservations: 0,
  reviewCount: 0,
  ratingSum: 0,
  mileagePointsIssued: 0,
  revenue: 0,
  bookingsDay: null,
  bookingsOnDay: 0,
  lastEventType: null,
  updatedAt: at,
});

/**
 * The meaning of a change: the one rule, for the live board and its rebuild.
 * `updatedAt` never goes back, so an event that occurred earlier but arrived
 * later does not reorder the board.
 */
export function applyBoardChange(entry: RoomBoardEntry, change: BoardChange): RoomBoardEntry {
  const room = change.room && change.room.version > entry.roomVersion ? change.room : null;
  return {
    ...entry,
    roomName: room?.name ?? entry.roomName,
    roomCity: room?.city ?? entry.roomCity,
    roomStatus: room?.status ?? entry.roomStatus,
    roomVersion: room?.version ?? entry.roomVersion,
    lastReservationId: change.reservation?.id ?? entry.lastReservationId,
    lastReservationStatus: change.reservation?.status ?? entry.lastReservationStatus,
    lastPaymentStatus: change.paymentStatus ?? entry.lastPaymentStatus,
    confirmedReservations: entry.confirmedReservations + change.confirmedDelta,
    reviewCount: entry.reviewCount + change.reviewDelta,
    ratingSum: entry.ratingSum + change.ratingDelta,
    mileagePointsIssued: entry.mileagePointsIssued + change.pointsDelta,
    revenue: entry.revenue + change.revenueDelta,
    ...bookingsAfter(entry, change.bookedOn),
    lastEventType: change.eventType,
    updatedAt: change.occurredAt > entry.updatedAt ? change.occurredAt : entry.updatedAt,
  };
}

/**
 * Only the newest day's count is kept (enough for "bookings today"): a
 * confirmation of an older day than the row's changes nothing.
 */
function bookingsAfter(entry: RoomBoardEntry, day: string | null): Pick<RoomBoardEntry, "bookingsDay" | "bookingsOnDay"> {
  const { bookingsDay, bookingsOnDay } = entry;
  if (!day || (bookingsDay !== null && day < bookingsDay)) return { bookingsDay, bookingsOnDay };
  return { bookingsDay: day, bookingsOnDay: day === bookingsDay ? bookingsOnDay + 1 : 1 };
}

/**
 * The rows the changes make, in order, from the rows given (a room without one
 * starts neutral): the rebuild's fold from nothing, and the live board's per batch.
 */
export function foldBoard(changes: Iterable<BoardChange>, from: Iterable<RoomBoardEntry> = []): RoomBoardEntry[] {
  const rows = new Map<string, RoomBoardEntry>();
  for (const row of from) rows.set(row.roomId, row);
  for (const change of changes) {
    const entry = rows.get(change.roomId) ?? neutralEntry(change.roomId, change.occurredAt);
    rows.set(change.roomId, applyBoardChange(entry, change));
  }
  return [...rows.values()];
}

/** Null while the room has no review. */
export const averageRating = ({ reviewCount, ratingSum }: RoomBoardEntry): number | null =>
  reviewCount === 0 ? null : ratingSum / reviewCount;
