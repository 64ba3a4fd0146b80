import { describe, expect, it } from "vitest";
import { parseInput } from "@airbnb/kernel";
import { testSources } from "@airbnb/testkit/use-case-spec";
import { createEvent, ignore } from "@airbnb/events";
import type { StayLedger } from "../../src/application/ports.ts";
import { writeReviewSchema } from "../../src/application/review-input.ts";
import { stayChangeOf } from "../../src/application/stay-events.ts";
import { StayRecorder } from "../../src/application/stays.ts";
import { averageRating, writeReview } from "../../src/domain/review.ts";
import type { Stay } from "../../src/domain/stay.ts";

const sources = testSources();

const now = new Date("2026-11-25T09:00:00Z");
const roomId = "0b6f3c9e-6a8e-4c39-9b7e-2f6d1c2a0a11";
const stay: Stay = { reservationId: "res-1", roomId, guestId: "g1", checkIn: "2026-12-01", checkOut: "2026-12-03", status: "CONFIRMED" };
const details = { rating: 5, comment: "Lovely" };

describe("writing a review", () => {
  it("reviews the guest's own confirmed stay in that room", () => {
    const review = writeReview(stay, "g1", roomId, details, "rev-1", "2026-12-01", now);
    expect(review).toEqual({ id: "rev-1", reservationId: "res-1", roomId, guestId: "g1", rating: 5, comment: "Lovely", createdAt: now });
  });

  it.each([
    ["no stay", null, "g1", roomId],
    ["a cancelled stay", { ...stay, status: "CANCELLED" as const }, "g1", roomId],
    ["someone else's stay", stay, "g2", roomId],
    ["a stay in another room", stay, "g1", "another-room"],
    ["a stay that has not begun (check-in tomorrow)", { ...stay, checkIn: "2026-12-02" }, "g1", roomId],
  ])("refuses %s with REVIEW_NOT_ALLOWED", (_, found, guestId, room) => {
    expect(() => writeReview(found, guestId, room, details, "rev-1", "2026-12-01", now)).toThrow(expect.objectContaining({ code: "REVIEW_NOT_ALLOWED" }));
  });

  it("has no average rating without reviews, and the mean otherwise", () => {
    expect(averageRating({ roomId, reviewCount: 0, ratingSum: 0 })).toBeNull();
    expect(averageRating({ roomId, reviewCount: 2, ratingSum: 9 })).toBe(4.5);
  });
});

describe("review input", () => {
  const valid = { roomId, rating: 4, comment: "  Quiet, clean  " };
  const fieldOf = (input: unknown) => {
    try {
      parseInput(writeReviewSchema, input);
      return "accepted";
    } catch (error) {
      return (error as { details: { field?: string } }).details.field;
    }
  };

  it("keeps the comment verbatim", () => {
    expect(parseInput(writeReviewSchema, valid).comment).toBe("  Quiet, clean  ");
  });

  it.each([
    [{ rating: 0 }, "rating"],
    [{ rating: 6 }, "rating"],
    [{ rating: 2.5 }, "rating"],
    [{ comment: "" }, "comment"],
    [{ comment: " \n\t " }, "comment"],
    [{ comment: "x".repeat(2001) }, "comment"],
    [{ roomId: "room-1" }, "roomId"],
  ])("refuses %j naming the field %s", (change, field) => {
    expect(fieldOf({ ...valid, ...change })).toBe(field);
  });

  it("accepts the bounds", () => {
    expect(fieldOf({ ...valid, rating: 1, comment: "x".repeat(2000) })).toBe("accepted");
    expect(fieldOf({ ...valid, rating: 5, comment: "x" })).toBe("accepted");
  });
});

describe("stays from reservation events", () => {
  const origin = { correlationId: "res-1", causationId: "req-1" };
  const keys = { reservationId: "res-1", roomId, guestId: "g1", hostId: "h1", checkIn: "2026-12-01", checkOut: "2026-12-03", paymentId: "p1" };

  it("records a confirmed stay and a cancelled one", () => {
    const confirmed = createEvent("ReservationConfirmed", { ...keys, nights: 2, guests: 1, amount: 200_000 }, origin, sources);
    expect(stayChangeOf(confirmed)).toEqual({ type: "StayConfirmed", stay });
    const cancelled = createEvent("ReservationCancelled", { ...keys, cancelledBy: "GUEST" }, origin, sources);
    expect(stayChangeOf(cancelled)).toEqual({ type: "StayCancelled", stay: { ...stay, status: "CANCELLED" } });
  });

  it("ignores a rejected reservation: it never was a stay", () => {
    expect(new StayRecorder({} as StayLedger).handlers.ReservationRejected).toBe(ignore);
  });
});
