// The operations the page sends, and the shapes it reads back (docs/api.md describes them).
// The shapes restate the schema's types (BoardEntry, BoardTotals) on purpose: the page ships to
// the browser alone and imports nothing from the subgraphs' server code.

export type RoomStatus = "LISTED" | "DELISTED";
export type ReservationStatus = "CONFIRMED" | "CANCELLED" | "REJECTED";
export type PaymentStatus = "APPROVED" | "DECLINED" | "REFUNDED";

export interface BoardEntry {
  roomId: string;
  roomName: string;
  roomCity: string;
  roomStatus: RoomStatus;
  lastReservationId: string | null;
  lastReservationStatus: ReservationStatus | null;
  lastPaymentStatus: PaymentStatus | null;
  confirmedReservations: number;
  reviewCount: number;
  averageRating: number | null;
  mileagePointsIssued: number;
  lastEventType: string | null;
  updatedAt: string;
}

const BOARD_FIELDS = `roomId roomName roomCity roomStatus lastReservationId lastReservationStatus lastPaymentStatus
  confirmedReservations reviewCount averageRating mileagePointsIssued lastEventType updatedAt`;

export interface BoardTotals {
  rooms: number;
  roomsListed: number;
  staysConfirmed: number;
  revenue: number;
  mileagePointsIssued: number;
  bookingsToday: number;
}

const TOTALS_FIELDS = "rooms roomsListed staysConfirmed revenue mileagePointsIssued bookingsToday";

export const BOARD_TOTALS = `query BoardTotals { boardTotals { ${TOTALS_FIELDS} } }`;

/** One page in roomId order (a stable order: rows keep their place), with the totals, in one read. */
export const ROOM_BOARD = `query RoomBoard($first: Int!, $after: ID) {
  roomBoard(first: $first, after: $after) { ${BOARD_FIELDS} }
  boardTotals { ${TOTALS_FIELDS} }
}`;

/** Only the board row: the router shares one push among every page following the room. */
export const ROOM_CHANGED = `subscription RoomChanged($roomId: ID!) { roomChanged(roomId: $roomId) { id board { ${BOARD_FIELDS} } } }`;

export interface RoomDetail {
  id: string;
  hostId: string;
  name: string;
  description: string;
  city: string;
  pricePerNight: number;
  capacity: number;
  status: RoomStatus;
  reviewCount: number;
  averageRating: number | null;
  reviews: Array<{ id: string; guestId: string; rating: number; comment: string; createdAt: string }>;
  board: BoardEntry;
  /** Present only when asked for with a token, and only the room's host may see them. */
  reservations?: ReservationSummary[];
}

export interface ReservationSummary {
  id: string;
  roomId: string;
  guestId: string;
  checkIn: string;
  checkOut: string;
  nights: number;
  guests: number;
  amount: number;
  status: ReservationStatus;
  payment: { status: PaymentStatus; amount: number } | null;
  mileage: Array<{ kind: "EARNED" | "DEDUCTED"; points: number }>;
}

const RESERVATION_FIELDS = `id roomId guestId checkIn checkOut nights guests amount status
      payment { status amount }
      mileage { kind points }`;

/** One composed query across the room, review, viewpage, reservation, payment and mileage subgraphs. */
export const ROOM_DETAIL = `query RoomDetail($id: ID!, $withReservations: Boolean!) {
  room(id: $id) {
    id hostId name description city pricePerNight capacity status
    reviewCount averageRating
    reviews(first: 5) { id guestId rating comment createdAt }
    board { ${BOARD_FIELDS} }
    reservations @include(if: $withReservations) {
      ${RESERVATION_FIELDS}
    }
  }
}`;

/** The caller's own stays, as guest (the panel keeps those of its room). */
export const MY_RESERVATIONS = `query MyReservations { myReservations(first: 200) { ${RESERVATION_FIELDS} } }`;

export interface TimelineEvent {
  eventId: string;
  type: string;
  source: string;
  occurredAt: string;
  sincePreviousMs: number | null;
  causationId: string;
  causedBy: string | null;
  consequences: number;
  loggedAfterMs: number;
}

/** One page of a reservation's saga: its guest's and the room's host's. */
export const TIMELINE = `query Timeline($id: ID!, $first: Int!, $after: ID) {
  reservation(id: $id) {
    id
    timeline(first: $first, after: $after) { eventId type source occurredAt sincePreviousMs causationId causedBy consequences loggedAfterMs }
  }
}`;
