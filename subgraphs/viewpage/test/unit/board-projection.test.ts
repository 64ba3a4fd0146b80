import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { anyString } from "@airbnb/testkit/arbitraries";
import { testSources } from "@airbnb/testkit/use-case-spec";
import { createEvent, type DomainEvent } from "@airbnb/events";
import { projectEvent } from "../../src/application/board-projection.ts";
import { BoardReads } from "../../src/application/queries.ts";
import { applyBoardChange, averageRating, foldBoard, neutralEntry, type BoardChange } from "../../src/domain/room-board.ts";

const sources = testSources();

const roomId = "room-1";
const origin = { correlationId: "res-1", causationId: "cause" };
const booking = { reservationId: "res-1", roomId, guestId: "g1", hostId: "h1", checkIn: "2026-12-01", checkOut: "2026-12-03", paymentId: "p1" };
const payment = { paymentId: "p1", reservationId: "res-1", roomId, guestId: "g1" };
const mileage = { entryId: "m1", guestId: "g1", reservationId: "res-1", roomId };
const room = { roomId, hostId: "h1" };

const at = (event: DomainEvent, occurredAt: string) => ({ ...event, occurredAt }) as DomainEvent;
const fold = (...events: DomainEvent[]) => foldBoard(events.map(projectEvent).filter((c): c is BoardChange => c !== null));

const registered = createEvent("RoomRegistered", { ...room, version: 1, name: "Hanok", description: "d", city: "Seoul", pricePerNight: 100_000, capacity: 2 }, origin, sources);
const confirmed = createEvent("ReservationConfirmed", { ...booking, nights: 2, guests: 1, amount: 200_000 }, origin, sources);
const approved = createEvent("PaymentApproved", { ...payment, amount: 200_000 }, origin, sources);
const earned = createEvent("MileageEarned", { ...mileage, points: 2000 }, origin, sources);
const cancelled = createEvent("ReservationCancelled", { ...booking, cancelledBy: "HOST" }, origin, sources);
const refunded = createEvent("PaymentRefunded", { ...payment, amount: 200_000 }, origin, sources);
const deducted = createEvent("MileageDeducted", { ...mileage, entryId: "m2", points: 2000 }, origin, sources);

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

  it("takes deducted points back", () => {
    expect(projectEvent(deducted)?.pointsDelta).toBe(-2000);
  });

  it("records a rejection and a declined payment without counting a reservation", () => {
    const rejected = createEvent("ReservationRejected", { reservationId: "res-2", roomId, guestId: "g1", reason: "declined", paymentId: "p2" }, origin, sources);
    const declined = createEvent("PaymentDeclined", { ...payment, paymentId: "p2", reservationId: "res-2", reason: "declined" }, origin, sources);
    const [row] = fold(declined, rejected);
    expect(row).toMatchObject({ lastReservationId: "res-2", lastReservationStatus: "REJECTED", lastPaymentStatus: "DECLINED", confirmedReservations: 0 });
  });

  it("averages reviews, and has no average without one", () => {
    const review = (rating: number) => createEvent("ReviewWritten", { reviewId: `r${rating}`, roomId, guestId: "g1", rating }, origin, sources);
    const [row] = fold(review(5), review(2));
    expect(row).toMatchObject({ reviewCount: 2, ratingSum: 7 });
    expect(averageRating(row!)).toBe(3.5);
    expect(averageRating(neutralEntry(roomId, new Date()))).toBeNull();
  });

  it("keeps the room's city from its room events, newest version only", () => {
    const moved = createEvent("RoomModified", { ...room, version: 2, city: "Busan" }, origin, sources);
    const stale = createEvent("RoomModified", { ...room, version: 1, city: "Daegu" }, origin, sources);
    expect(fold(registered)[0]).toMatchObject({ roomCity: "Seoul" });
    expect(fold(registered, moved, stale)[0]).toMatchObject({ roomCity: "Busan", roomName: "Hanok" });
    expect(fold(confirmed)[0]).toMatchObject({ roomCity: "" });
  });

  it("keeps revenue as approved payments less refunds", () => {
    expect(fold(registered, confirmed, approved)[0]).toMatchObject({ revenue: 200_000 });
    expect(fold(registered, confirmed, approved, cancelled, refunded)[0]).toMatchObject({ revenue: 0 });
  });

  it("counts confirmations of the newest UTC day only, whatever order they arrive in", () => {
    const second = { ...confirmed, id: "c2" } as DomainEvent;
    const [row] = fold(
      at(confirmed, "2026-11-24T23:59:59.000Z"), at(second, "2026-11-25T00:00:01.000Z"),
      at(confirmed, "2026-11-25T09:00:00.000Z"), at(second, "2026-11-24T10:00:00.000Z"),
    );
    expect(row).toMatchObject({ bookingsDay: "2026-11-25", bookingsOnDay: 2 });
    expect(fold(registered, approved)[0]).toMatchObject({ bookingsDay: null, bookingsOnDay: 0 });
  });

  it("starts a row from any event and lets RoomRegistered name it later", () => {
    const [row] = fold(confirmed, registered);
    expect(row).toMatchObject({ roomName: "Hanok", roomVersion: 1, confirmedReservations: 1 });
  });

  it("applies name and status only from a newer room event", () => {
    const renamed = createEvent("RoomModified", { ...room, version: 2, name: "Hanok II" }, origin, sources);
    const repriced = createEvent("RoomModified", { ...room, version: 3, pricePerNight: 90_000 }, origin, sources);
    const deleted = createEvent("RoomDeleted", { ...room, version: 4 }, origin, sources);
    expect(fold(registered, renamed, repriced)[0]).toMatchObject({ roomName: "Hanok II", roomVersion: 3 });
    expect(fold(renamed, registered)[0]).toMatchObject({ roomName: "Hanok II", roomVersion: 2 });
    expect(fold(registered, deleted, renamed)[0]).toMatchObject({ roomName: "Hanok", roomStatus: "DELISTED", roomVersion: 4 });
  });

  it("never moves updatedAt back for an event that occurred earlier but arrived later", () => {
    const [row] = fold(at(approved, "2026-11-25T10:00:00.000Z"), at(confirmed, "2026-11-25T09:59:59.000Z"));
    expect(row!.updatedAt.toISOString()).toBe("2026-11-25T10:00:00.000Z");
    expect(row!.lastEventType).toBe("ReservationConfirmed");
  });

  it("ignores messages", () => {
    const sent = createEvent("MessageSent", { messageId: "m", recipientId: "g1", kind: "RESERVATION_CONFIRMED", reservationId: "res-1", roomId }, origin, sources);
    expect(projectEvent(sent)).toBeNull();
  });

  it("starts a new row from the neutral row", () => {
    const change = projectEvent(confirmed)!;
    expect(applyBoardChange(neutralEntry(roomId, change.occurredAt), change)).toMatchObject({ roomName: "", roomStatus: "LISTED", reviewCount: 0 });
  });
});

describe("board reads", () => {
  const roomIdOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
  const rows = Array.from({ length: 1500 }, (_, i) => neutralEntry(roomIdOf(i), new Date()));
  const store = {
    list: async (first: number, after: string | null) => rows.filter((r) => r.roomId > (after ?? "")).slice(0, first),
    has: async (roomId: string) => rows.some((r) => r.roomId === roomId),
    findMany: async () => [neutralEntry("known", new Date("2026-01-01T00:00:00Z"))],
    totals: async (today: string) => ({ rooms: 0, roomsListed: 0, staysConfirmed: 0, revenue: 0, mileagePointsIssued: 0, bookingsToday: today.length }),
  };

  it("clamps first to 1000, answers 0 with an empty page and refuses a negative one", async () => {
    const reads = new BoardReads(store, sources.clock);
    expect(await reads.board(0, null)).toHaveLength(0);
    await expect(reads.board(-1, null)).rejects.toMatchObject({ code: "BAD_USER_INPUT", details: { field: "first" } });
    expect(await reads.board(5000, null)).toHaveLength(1000);
    expect(await reads.board(undefined, undefined)).toHaveLength(100);
  });

  it("starts a page after the row named by after, and refuses an after that names no row", async () => {
    const reads = new BoardReads(store, sources.clock);
    expect((await reads.board(2, roomIdOf(9))).map((r) => r.roomId)).toEqual([roomIdOf(10), roomIdOf(11)]);
    await expect(reads.board(2, "nowhere")).rejects.toMatchObject({ code: "BAD_USER_INPUT", details: { field: "after" } });
  });

  it("answers any first and any after with a page or BAD_USER_INPUT on first or after, never sending SQL text it cannot hold", async () => {
    const reads = new BoardReads({
      ...store,
      has: async (roomId: string) => {
        if (roomId.includes("\u0000") || !roomId.isWellFormed()) throw new Error("unstorable text reached the store");
        return store.has(roomId);
      },
    }, sources.clock);
    const after = fc.oneof(fc.constant(null), anyString(), fc.constantFrom(...rows.slice(0, 20).map((r) => r.roomId)));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer(), fc.constant(null)), after, async (first, cursor) => {
        const page = await reads.board(first, cursor).catch((error: unknown) => error);
        if (Array.isArray(page)) {
          expect(page.length).toBe(Math.min(first ?? 100, 1000));
          if (cursor !== null) expect(page.every((row) => row.roomId > cursor)).toBe(true);
        } else if (first !== null && first < 0) expect(page).toMatchObject({ code: "BAD_USER_INPUT", details: { field: "first" } });
        else expect(page).toMatchObject({ code: "BAD_USER_INPUT", details: { field: "after" } });
      }),
    );
  });

  it("counts bookings for the clock's UTC day", async () => {
    const today = vi.fn(async () => ({ rooms: 0, roomsListed: 0, staysConfirmed: 0, revenue: 0, mileagePointsIssued: 0, bookingsToday: 0 }));
    await new BoardReads({ ...store, totals: today }, () => new Date("2026-11-25T23:30:00-02:00")).totals();
    expect(today).toHaveBeenCalledWith("2026-11-26");
  });

  it("answers a room the board has not seen with a neutral entry", async () => {
    const now = new Date("2026-11-25T09:00:00Z");
    const [known, unknown] = await new BoardReads(store, () => now).entries(["known", "unseen"]);
    expect(known!.roomId).toBe("known");
    expect(unknown).toEqual(neutralEntry("unseen", now));
  });
});
