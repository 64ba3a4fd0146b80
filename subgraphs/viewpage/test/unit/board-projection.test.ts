import { describe, expect, it } from "vitest";
import { createEvent, type DomainEvent } from "@airbnb/events";
import { boardKeyOf, projectEvent } from "../../src/application/board-projection.ts";
import { BoardReads } from "../../src/application/queries.ts";
import { applyBoardChange, averageRating, foldBoard, neutralEntry, type BoardChange } from "../../src/domain/room-board.ts";

const roomId = "room-1";
const origin = { correlationId: "res-1", causationId: "cause" };
const booking = { reservationId: "res-1", roomId, guestId: "g1", hostId: "h1", checkIn: "2026-12-01", checkOut: "2026-12-03", paymentId: "p1" };
const payment = { paymentId: "p1", reservationId: "res-1", roomId, guestId: "g1" };
const mileage = { entryId: "m1", guestId: "g1", reservationId: "res-1", roomId };
const room = { roomId, hostId: "h1" };

const at = (event: DomainEvent, occurredAt: string) => ({ ...event, occurredAt }) as DomainEvent;
const fold = (...events: DomainEvent[]) => foldBoard(events.map(projectEvent).filter((c): c is BoardChange => c !== null));

const registered = createEvent("RoomRegistered", { ...room, version: 1, name: "Hanok", description: "d", city: "Seoul", pricePerNight: 100_000, capacity: 2 }, origin);
const confirmed = createEvent("ReservationConfirmed", { ...booking, nights: 2, guests: 1, amount: 200_000 }, origin);
const approved = createEvent("PaymentApproved", { ...payment, amount: 200_000 }, origin);
const earned = createEvent("MileageEarned", { ...mileage, points: 2000 }, origin);
const cancelled = createEvent("ReservationCancelled", booking, origin);
const refunded = createEvent("PaymentRefunded", { ...payment, amount: 200_000 }, origin);
const deducted = createEvent("MileageDeducted", { ...mileage, entryId: "m2", points: -2000 }, origin);

describe("board projection", () => {
  it("shows a booking: confirmed, paid, points issued", () => {
    expect(fold(registered, confirmed, approved, earned)).toEqual([
      expect.objectContaining({
        roomName: "Hanok", roomStatus: "LISTED", lastReservationId: "res-1", lastReservationStatus: "CONFIRMED",
        lastPaymentStatus: "APPROVED", confirmedReservations: 1, mileagePointsIssued: 2000, lastEventType: "MileageEarned",
      }),
    ]);
  });

  it("shows its cancellation: cancelled, refunded, points taken back", () => {
    const [row] = fold(registered, confirmed, approved, earned, cancelled, refunded, deducted);
    expect(row).toMatchObject({ lastReservationStatus: "CANCELLED", lastPaymentStatus: "REFUNDED", confirmedReservations: 0, mileagePointsIssued: 0 });
  });

  it("takes deducted points back whatever their sign on the wire", () => {
    const positive = createEvent("MileageDeducted", { ...mileage, points: 2000 }, origin);
    expect(projectEvent(positive)?.pointsDelta).toBe(-2000);
    expect(projectEvent(deducted)?.pointsDelta).toBe(-2000);
  });

  it("records a rejection and a declined payment without counting a reservation", () => {
    const rejected = createEvent("ReservationRejected", { reservationId: "res-2", roomId, guestId: "g1", reason: "declined", paymentId: "p2" }, origin);
    const declined = createEvent("PaymentDeclined", { ...payment, paymentId: "p2", reservationId: "res-2", reason: "declined" }, origin);
    const [row] = fold(declined, rejected);
    expect(row).toMatchObject({ lastReservationId: "res-2", lastReservationStatus: "REJECTED", lastPaymentStatus: "DECLINED", confirmedReservations: 0 });
  });

  it("averages reviews, and has no average without one", () => {
    const review = (rating: number) => createEvent("ReviewWritten", { reviewId: `r${rating}`, roomId, guestId: "g1", rating }, origin);
    const [row] = fold(review(5), review(2));
    expect(row).toMatchObject({ reviewCount: 2, ratingSum: 7 });
    expect(averageRating(row!)).toBe(3.5);
    expect(averageRating(neutralEntry(roomId, new Date()))).toBeNull();
  });

  it("starts a row from any event and lets RoomRegistered name it later", () => {
    const [row] = fold(confirmed, registered);
    expect(row).toMatchObject({ roomName: "Hanok", roomVersion: 1, confirmedReservations: 1 });
  });

  it("applies name and status only from a newer room event", () => {
    const renamed = createEvent("RoomModified", { ...room, version: 2, name: "Hanok II" }, origin);
    const repriced = createEvent("RoomModified", { ...room, version: 3, pricePerNight: 90_000 }, origin);
    const deleted = createEvent("RoomDeleted", { ...room, version: 4 }, origin);
    expect(fold(registered, renamed, repriced)[0]).toMatchObject({ roomName: "Hanok II", roomVersion: 3 });
    expect(fold(renamed, registered)[0]).toMatchObject({ roomName: "Hanok II", roomVersion: 2 });
    expect(fold(registered, deleted, renamed)[0]).toMatchObject({ roomName: "Hanok", roomStatus: "DELISTED", roomVersion: 4 });
  });

  it("never moves updatedAt back for an event that occurred earlier but arrived later", () => {
    const [row] = fold(at(approved, "2026-11-25T10:00:00.000Z"), at(confirmed, "2026-11-25T09:59:59.000Z"));
    expect(row!.updatedAt.toISOString()).toBe("2026-11-25T10:00:00.000Z");
    expect(row!.lastEventType).toBe("ReservationConfirmed");
  });

  it("ignores messages, and keys every event it shows by room", () => {
    const sent = createEvent("MessageSent", { messageId: "m", recipientId: "g1", kind: "RESERVATION_CONFIRMED", reservationId: "res-1", roomId }, origin);
    expect(projectEvent(sent)).toBeNull();
    for (const event of [registered, confirmed, approved, earned, cancelled, refunded, deducted]) expect(boardKeyOf(event)).toBe(roomId);
  });

  it("starts a new row from the neutral row", () => {
    const change = projectEvent(confirmed)!;
    expect(applyBoardChange(neutralEntry(roomId, change.occurredAt), change)).toMatchObject({ roomName: "", roomStatus: "LISTED", reviewCount: 0 });
  });
});

describe("board reads", () => {
  const store = {
    list: async (first: number) => Array.from({ length: first }, (_, i) => neutralEntry(`room-${i}`, new Date())),
    findMany: async () => [neutralEntry("known", new Date("2026-01-01T00:00:00Z"))],
  };

  it("clamps first to 1..1000", async () => {
    const reads = new BoardReads(store);
    expect(await reads.board(0)).toHaveLength(1);
    expect(await reads.board(5000)).toHaveLength(1000);
    expect(await reads.board(undefined)).toHaveLength(100);
  });

  it("answers a room the board has not seen with a neutral entry", async () => {
    const now = new Date("2026-11-25T09:00:00Z");
    const [known, unknown] = await new BoardReads(store, () => now).entries(["known", "unseen"]);
    expect(known!.roomId).toBe("known");
    expect(unknown).toEqual(neutralEntry("unseen", now));
  });
});
