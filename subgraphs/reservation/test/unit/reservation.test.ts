import { describe, expect, it } from "vitest";
import { cancel, cancelForDelisting, canView, confirm, reject, requestReservation, type BookableRoom } from "../../src/domain/reservation.ts";
import { nightsOf } from "../../src/domain/stay.ts";

const now = new Date("2026-11-25T09:00:00Z");
const room: BookableRoom = { id: "r1", hostId: "h1", pricePerNight: 85_000, capacity: 2, status: "LISTED", version: 1 };
const request = { id: "v1", guestId: "g1", stay: nightsOf("2027-01-10", "2027-01-13"), guests: 2, idempotencyKey: null };

describe("reservation aggregate", () => {
  it("asks for nights × price, pending until payment answers", () => {
    expect(requestReservation(room, request, now)).toMatchObject({ status: "PENDING", amount: 255_000, nights: 3, hostId: "h1" });
  });

  it("refuses a delisted room and more guests than it sleeps", () => {
    expect(() => requestReservation({ ...room, status: "DELISTED" }, request, now)).toThrow(expect.objectContaining({ code: "ROOM_UNAVAILABLE" }));
    expect(() => requestReservation(room, { ...request, guests: 3 }, now)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", details: { field: "guests" } }));
  });

  it("is confirmed with a payment or rejected with a reason", () => {
    const pending = requestReservation(room, request, now);
    expect(confirm(pending, "p1", now)).toMatchObject({ status: "CONFIRMED", paymentId: "p1" });
    expect(reject(pending, "card declined", "p1", now)).toMatchObject({ status: "REJECTED", rejectionReason: "card declined" });
  });

  it("is cancelled only by its guest, only when confirmed, only before the stay begins, and once", () => {
    const today = "2027-01-09";
    const confirmed = confirm(requestReservation(room, request, now), "p1", now);
    expect(() => cancel(confirmed, "g2", today, now)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    const cancelled = cancel(confirmed, "g1", today, now);
    expect(cancelled).toMatchObject({ status: "CANCELLED", cancelledBy: "GUEST" });
    expect(cancel(cancelled!, "g1", today, now)).toBeNull();
    const refused = expect.objectContaining({ code: "BAD_USER_INPUT", details: { field: "id" } });
    expect(() => cancel(reject(confirmed, "x", null, now), "g1", today, now)).toThrow(refused);
    // Check-in day is 2027-01-10: on that day and after, the stay has begun.
    expect(() => cancel(confirmed, "g1", "2027-01-10", now)).toThrow(refused);
    expect(() => cancel(confirmed, "g1", "2027-02-01", now)).toThrow(refused);
  });

  it("refuses a stay that would cost more than an Int holds, naming checkOut", () => {
    const pricey = { ...room, pricePerNight: 100_000_000 };
    expect(() => requestReservation(pricey, { ...request, stay: nightsOf("2027-01-01", "2027-01-23") }, now)).toThrow(
      expect.objectContaining({ code: "BAD_USER_INPUT", details: { field: "checkOut" } }),
    );
    expect(requestReservation(pricey, { ...request, stay: nightsOf("2027-01-01", "2027-01-22") }, now).amount).toBe(2_100_000_000);
  });

  it("delisting cancels by the host the confirmed stays that have not begun, and keeps the rest", () => {
    const at = (checkIn: string, checkOut: string, id: string) => confirm(requestReservation(room, { ...request, id, stay: nightsOf(checkIn, checkOut) }, now), "p", now);
    const begun = at("2027-01-08", "2027-01-12", "begun");
    const today = at("2027-01-10", "2027-01-11", "today");
    const future = at("2027-01-11", "2027-01-12", "future");
    const rejected = reject(at("2027-02-01", "2027-02-02", "rejected"), "x", null, now);
    const cancelled = cancelForDelisting([begun, today, future, rejected], "2027-01-10", now);
    expect(cancelled.map((r) => [r.id, r.status, r.cancelledBy])).toEqual([["future", "CANCELLED", "HOST"]]);
  });

  it("is seen by its guest and the room's host only", () => {
    const pending = requestReservation(room, request, now);
    expect([canView(pending, "g1"), canView(pending, "h1"), canView(pending, "x")]).toEqual([true, true, false]);
  });
});
