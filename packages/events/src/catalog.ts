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
 * The flow an event belongs to fixes what its `correlationId` carries: the
 * reservation id in booking flows (a reservation's decision and everything it
 * causes: payments, mileage, messages), the room id in room flows (a room's
 * changes and its reviews). Events another event causes keep its flow.
 */
export const flowKeys = { booking: "reservationId", room: "roomId" } as const;
export type Flow = keyof typeof flowKeys;

type StringFieldOf<D> = { [K in keyof D]-?: D[K] extends string ? K : never }[keyof D] & string;

/** An entry whose ordering key is checked to be a string field of its data. */
const entry = <const S extends string, const Src extends string, D extends z.ZodObject>(definition: {
  subject: S;
  source: Src;
  flow: Flow;
  key: StringFieldOf<z.infer<D>>;
  data: D;
}) => definition;

/**
 * Every domain event of CONTRACT.md: its subject (below the configured prefix),
 * the context that publishes it, its flow (see `flowKeys`), its ordering key and
 * the shape of its data. Events carry entity keys and the facts consumers need
 * to stay autonomous; federation resolves the rest.
 * A consumer applies the events of one key in stream order (and may order
 * by room instead, see the consumer's `orderBy`). `version` on room events orders
 * a room's changes for replicas.
 */
export const eventCatalog = {
  RoomRegistered: entry({
    subject: "room.registered",
    source: "room",
    flow: "room",
    key: "roomId",
    data: z.object({ roomId: id, hostId: id, version: z.number().int(), ...roomFields }),
  }),
  RoomModified: entry({
    subject: "room.modified",
    source: "room",
    flow: "room",
    key: "roomId",
    data: z.object({ roomId: id, hostId: id, version: z.number().int(), ...z.object(roomFields).partial().shape }),
  }),
  RoomDeleted: entry({
    subject: "room.deleted",
    source: "room",
    flow: "room",
    key: "roomId",
    data: z.object({ roomId: id, hostId: id, version: z.number().int() }),
  }),
  ReservationConfirmed: entry({
    subject: "reservation.confirmed",
    source: "reservation",
    flow: "booking",
    key: "reservationId",
    data: z.object({
      reservationId: id, roomId: id, guestId: id, hostId: id, checkIn: day, checkOut: day,
      nights: z.number().int().positive(), guests: z.number().int().positive(), amount: money, paymentId: id,
    }),
  }),
  ReservationRejected: entry({
    subject: "reservation.rejected",
    source: "reservation",
    flow: "booking",
    key: "reservationId",
    data: z.object({ reservationId: id, roomId: id, guestId: id, reason: z.string(), paymentId: id.nullable() }),
  }),
  ReservationCancelled: entry({
    subject: "reservation.cancelled",
    source: "reservation",
    flow: "booking",
    key: "reservationId",
    data: z.object({
      reservationId: id, roomId: id, guestId: id, hostId: id, paymentId: id, checkIn: day, checkOut: day,
      // Events from before hosts could cancel (by delisting) carry none: they were all the guest's.
      cancelledBy: z.enum(["GUEST", "HOST"]).default("GUEST"),
    }),
  }),
  PaymentApproved: entry({
    subject: "payment.approved",
    source: "payment",
    flow: "booking",
    key: "reservationId",
    data: z.object({ paymentId: id, reservationId: id, roomId: id, guestId: id, amount: money }),
  }),
  PaymentDeclined: entry({
    subject: "payment.declined",
    source: "payment",
    flow: "booking",
    key: "reservationId",
    data: z.object({ paymentId: id, reservationId: id, roomId: id, guestId: id, reason: z.string() }),
  }),
  PaymentRefunded: entry({
    subject: "payment.refunded",
    source: "payment",
    flow: "booking",
    key: "reservationId",
    data: z.object({ paymentId: id, reservationId: id, roomId: id, guestId: id, amount: money }),
  }),
  MileageEarned: entry({
    subject: "mileage.earned",
    source: "mileage",
    flow: "booking",
    key: "reservationId",
    data: z.object({ entryId: id, guestId: id, reservationId: id, roomId: id, points: z.number().int() }),
  }),
  MileageDeducted: entry({
    subject: "mileage.deducted",
    source: "mileage",
    flow: "booking",
    key: "reservationId",
    // The points taken back, as a positive number like MileageEarned's (CONTRACT.md: "the same points DEDUCTED").
    // Events from before the sign was fixed carry the ledger entry's negative points: read as their magnitude.
    data: z.object({ entryId: id, guestId: id, reservationId: id, roomId: id, points: z.number().int().transform(Math.abs) }),
  }),
  ReviewWritten: entry({
    subject: "review.written",
    source: "review",
    flow: "room",
    key: "roomId",
    data: z.object({ reviewId: id, roomId: id, guestId: id, rating: z.number().int().min(1).max(5) }),
  }),
  MessageSent: entry({
    subject: "message.sent",
    source: "message",
    flow: "booking",
    key: "recipientId",
    data: z.object({ messageId: id, recipientId: id, kind: z.string(), reservationId: id.nullable(), roomId: id.nullable() }),
  }),
} as const;

export type EventType = keyof typeof eventCatalog;
export type EventData<T extends EventType> = z.infer<(typeof eventCatalog)[T]["data"]>;
export type EventSource = (typeof eventCatalog)[EventType]["source"];

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventCatalog, type);
