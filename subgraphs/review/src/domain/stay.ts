/** A guest's stay in a room, as the reservation context announced it. */
export type StayStatus = "CONFIRMED" | "CANCELLED";

export interface Stay {
  reservationId: string;
  roomId: string;
  guestId: string;
  /** YYYY-MM-DD; checkOut is exclusive. */
  checkIn: string;
  checkOut: string;
  status: StayStatus;
}

/**
 * What an event changes in the stays we know. Cancellation is terminal and
 * carries the whole stay, so it lands right even when it is applied before
 * the confirmation (a redelivered confirmation then changes nothing).
 */
export type StayChange = { type: "StayConfirmed"; stay: Stay } | { type: "StayCancelled"; stay: Stay };

/** What the review context knows of a room: that it exists, and whether it is still listed. */
export type KnownRoomStatus = "LISTED" | "DELISTED";
