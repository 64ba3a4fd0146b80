import { describe, expect, it } from "vitest";
import { bookableStay, nightsOf } from "../../src/domain/stay.ts";

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code: string; details: { field?: string } }).details.field;
  }
  return undefined;
};

describe("stays", () => {
  it("counts nights with checkOut exclusive, across months and leap days", () => {
    expect(nightsOf("2028-02-27", "2028-03-01").nights).toBe(3);
    expect(nightsOf("2027-12-31", "2028-01-01").nights).toBe(1);
  });

  it("refuses stays that end before they start, last over a year, or start in the past", () => {
    expect(fieldOf(() => nightsOf("2027-05-02", "2027-05-02"))).toBe("checkOut");
    expect(fieldOf(() => nightsOf("2027-05-02", "2027-05-01"))).toBe("checkOut");
    expect(fieldOf(() => nightsOf("2027-01-01", "2028-01-02"))).toBe("checkOut");
    expect(nightsOf("2027-01-01", "2028-01-01").nights).toBe(365);
    expect(fieldOf(() => bookableStay("2026-11-24", "2026-11-26", "2026-11-25"))).toBe("checkIn");
    expect(bookableStay("2026-11-25", "2026-11-26", "2026-11-25").nights).toBe(1);
  });

  it("refuses what is not a calendar day", () => {
    expect(fieldOf(() => nightsOf("2027-02-30", "2027-03-02"))).toBe("checkIn");
    expect(fieldOf(() => nightsOf("2027-03-01", "03/04/2027"))).toBe("checkOut");
    expect(fieldOf(() => nightsOf("2027-03-01T00:00:00Z", "2027-03-04"))).toBe("checkIn");
  });
});
