import { z } from "zod";

const id = z.string().min(1);
const day = z.iso.date();
const money = z.number().int().nonnegative();
const roomFields = {
  name: z.string(),
  description: z.string(),
  city: z.string(),
  pricePerNight: z.number().int().positive(),
  capacity: z.number().int().positive(),
};

/**
 * Every domain event of CONTRACT.md: its subject (below the configured prefix),
 * the context that publishes it and the shape of its data. Events carry entity
 * keys and the facts consumers need to stay autonomous; federation resolves the rest.
 * `version` on room events orders a room's changes for replicas.
 */
export const eventCatalog = {
  RoomRegistered: {
    subject: "room.registered",
    source: "room",
    data: z.object({ roomId: id, hostId: id, version: z.number().int(), ...roomFields }),
  },
  RoomModified: {
    subject: "room.modified",
    source: "room",
    data: z.object({ roomId: id, hostId: id, version: z.number().int(), ...z.object(roomFields).partial().shape }),
  },
  RoomDeleted: {
    subject: "room.deleted",
    source: "room",
    data: z.object({ roomId: id, hostId: id, version: z.number().int() }),
  },
  ReservationConfirmed: {
    subject: "reservation.confirmed",
    source: "reservation",
    data: z.object({
      reservationId: id, roomId: id, guestId: id, hostId: id, checkIn: day, checkOut: day,
      nights: z.number().int().positive(), guests: z.number().int().positive(), amount: money, paymentId: id,
    }),
  },
  ReservationRejected: {
    subject: "reservation.rejected",
    source: "reservation",
    data: z.object({ reservationId: id, roomId: id, guestId: id, reason: z.string(), paymentId: id.nullable() }),
  },
  ReservationCancelled: {
    subject: "reservation.cancelled",
    source: "reservation",
    data: z.object({
      reservationId: id, roomId: id, guestId: id, hostId: id, paymentId: id, checkIn: day, checkOut: day,
      // Events from before hosts could cancel (by delisting) carry none: they were all the guest's.
      cancelledBy: z.enum(["GUEST", "HOST"]).default("GUEST"),
    }),
  },
  PaymentApproved: {
    subject: "payment.approved",
    source: "payment",
    data: z.object({ paymentId: id, reservationId: id, roomId: id, guestId: id, amount: money }),
  },
  PaymentDeclined: {
    subject: "payment.declined",
    source: "payment",
    data: z.object({ paymentId: id, reservationId: id, roomId: id, guestId: id, reason: z.string() }),
  },
  PaymentRefunded: {
    subject: "payment.refunded",
    source: "payment",
    data: z.object({ paymentId: id, reservationId: id, roomId: id, guestId: id, amount: money }),
  },
  MileageEarned: {
    subject: "mileage.earned",
    source: "mileage",
    data: z.object({ entryId: id, guestId: id, reservationId: id, roomId: id, points: z.number().int() }),
  },
  MileageDeducted: {
    subject: "mileage.deducted",
    source: "mileage",
    data: z.object({ entryId: id, guestId: id, reservationId: id, roomId: id, points: z.number().int() }),
  },
  ReviewWritten: {
    subject: "review.written",
    source: "review",
    data: z.object({ reviewId: id, roomId: id, guestId: id, rating: z.number().int().min(1).max(5) }),
  },
  MessageSent: {
    subject: "message.sent",
    source: "message",
    data: z.object({ messageId: id, recipientId: id, kind: z.string(), reservationId: id.nullable(), roomId: id.nullable() }),
  },
} as const;

export type EventType = keyof typeof eventCatalog;
export type EventData<T extends EventType> = z.infer<(typeof eventCatalog)[T]["data"]>;
export type EventSource = (typeof eventCatalog)[EventType]["source"];

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventCatalog, type);
