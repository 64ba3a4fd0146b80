import { describe, expect, it } from "vitest";
import { cancel, canView, confirm, reject, requestReservation, type BookableRoom } from "../../src/domain/reservation.ts";
import { nightsOf } from "../../src/domain/stay.ts";

const now = new Date("2026-11-25T09:00:00Z");
const room: BookableRoom = { id: "r1", hostId: "h1", pricePerNight: 85_000, capacity: 2, status: "LISTED" };
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

  it("is cancelled only by its guest, only when confirmed, and once", () => {
    const confirmed = confirm(requestReservation(room, request, now), "p1", now);
    expect(() => cancel(confirmed, "g2", now)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    const cancelled = cancel(confirmed, "g1", now);
    expect(cancelled?.status).toBe("CANCELLED");
    expect(cancel(cancelled!, "g1", now)).toBeNull();
    expect(() => cancel(reject(confirmed, "x", null, now), "g1", now)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
  });

  it("is seen by its guest and the room's host only", () => {
    const pending = requestReservation(room, request, now);
    expect([canView(pending, "g1"), canView(pending, "h1"), canView(pending, "x")]).toEqual([true, true, false]);
  });
});
