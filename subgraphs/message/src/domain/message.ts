export type MessageKind = "RESERVATION_CONFIRMED" | "RESERVATION_CANCELLED" | "MILEAGE_EARNED" | "MILEAGE_DEDUCTED";

/** A notice to a guest or a host, written once per causing event and recipient. */
export interface Message {
  id: string;
  eventId: string;
  recipientId: string;
  kind: MessageKind;
  reservationId: string | null;
  roomId: string | null;
  text: string;
  createdAt: Date;
}

interface StayOccurrence {
  guestId: string;
  hostId: string;
  checkIn: string;
  checkOut: string;
}

/** What happened, as far as anyone needs telling. Dates are YYYY-MM-DD, checkOut exclusive. */
export type Occurrence =
  | ({ kind: "RESERVATION_CONFIRMED" } & StayOccurrence)
  | ({ kind: "RESERVATION_CANCELLED"; cancelledBy: "GUEST" | "HOST" } & StayOccurrence)
  | { kind: "MILEAGE_EARNED" | "MILEAGE_DEDUCTED"; guestId: string; points: number };

export interface Notice {
  recipientId: string;
  text: string;
}
