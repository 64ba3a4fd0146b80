import { describe, expect, it } from "vitest";
import { nightsBetween } from "@airbnb/kernel";
import { compose } from "../../src/domain/compose.ts";

const stay = { guestId: "g1", hostId: "h1", checkIn: "2026-12-01", checkOut: "2026-12-04" };

describe("message texts", () => {
  it("counts nights with checkOut exclusive, across month ends and DST-free", () => {
    expect(nightsBetween("2026-12-01", "2026-12-04")).toBe(3);
    expect(nightsBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(nightsBetween("2026-03-28", "2026-04-02")).toBe(5);
  });

  it("tells the guest and the host of a confirmed stay, naming the room, dates and nights", () => {
    expect(compose({ kind: "RESERVATION_CONFIRMED", ...stay }, "Hanok Courtyard")).toEqual([
      { recipientId: "g1", text: "Your stay at Hanok Courtyard, 2026-12-01 to 2026-12-04 (3 nights), is confirmed." },
      { recipientId: "h1", text: "Guest booked Hanok Courtyard for 2026-12-01 to 2026-12-04 (3 nights)." },
    ]);
  });

  it("tells both of a cancellation, in the singular for one night", () => {
    expect(compose({ kind: "RESERVATION_CANCELLED", ...stay, checkOut: "2026-12-02", cancelledBy: "GUEST" }, "Hanok Courtyard")).toEqual([
      { recipientId: "g1", text: "Your stay at Hanok Courtyard, 2026-12-01 to 2026-12-02 (1 night), is cancelled." },
      { recipientId: "h1", text: "Guest cancelled their stay at Hanok Courtyard, 2026-12-01 to 2026-12-02 (1 night)." },
    ]);
  });

  it("tells the guest of a stay the host's delisting cancelled that the host delisted the room, and tells the host", () => {
    expect(compose({ kind: "RESERVATION_CANCELLED", ...stay, cancelledBy: "HOST" }, "Hanok Courtyard")).toEqual([
      { recipientId: "g1", text: "Your stay at Hanok Courtyard, 2026-12-01 to 2026-12-04 (3 nights), is cancelled: the host delisted the room. You are refunded in full." },
      { recipientId: "h1", text: "Delisting Hanok Courtyard cancelled a guest's stay, 2026-12-01 to 2026-12-04 (3 nights)." },
    ]);
  });

  it("tells the guest of mileage earned and deducted", () => {
    expect(compose({ kind: "MILEAGE_EARNED", guestId: "g1", points: 3000 }, "Hanok Courtyard")).toEqual([
      { recipientId: "g1", text: "You earned 3000 points for your stay at Hanok Courtyard." },
    ]);
    expect(compose({ kind: "MILEAGE_DEDUCTED", guestId: "g1", points: 1 }, "Hanok Courtyard")).toEqual([
      { recipientId: "g1", text: "We deducted 1 point earned for your stay at Hanok Courtyard." },
    ]);
  });

  it("says 'your room' while the room's name is not known", () => {
    expect(compose({ kind: "RESERVATION_CONFIRMED", ...stay }, null)[1]?.text).toBe("Guest booked your room for 2026-12-01 to 2026-12-04 (3 nights).");
  });
});
