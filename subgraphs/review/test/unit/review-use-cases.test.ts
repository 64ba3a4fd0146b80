import { describe, expect, it } from "vitest";
import type { DomainEvent } from "@airbnb/events";
import type { Identity } from "@airbnb/kernel";
import { minted, past, specification, testId, TEST_NOW, type TestSources } from "@airbnb/testkit/use-case-spec";
import { ReviewCommands } from "../../src/application/commands.ts";
import { StayRecorder } from "../../src/application/stays.ts";
import { InMemoryReviews } from "./in-memory-reviews.ts";

const guest: Identity = { userId: "guest-1", roles: ["guest"] };
const ctx = (identity: Identity = guest, requestId = "req-1") => ({ identity, requestId });
const roomId = testId(1, "e");
const room = { roomId, hostId: "host-1" };
const byRoom = { correlationId: roomId, causationId: "r" };
const registered = past(1, "RoomRegistered", { ...room, version: 1, name: "Hanok", description: "Quiet", city: "Seoul", pricePerNight: 100_000, capacity: 2 }, byRoom);
const deleted = past(2, "RoomDeleted", { ...room, version: 2 }, byRoom);
const stayOf = (n: number, checkIn: string, checkOut: string) => {
  const keys = { reservationId: testId(10 + n, "e"), ...room, guestId: guest.userId, checkIn, checkOut, paymentId: testId(20 + n, "e") };
  const origin = { correlationId: keys.reservationId, causationId: "r" };
  return {
    reservationId: keys.reservationId,
    confirmed: past(10 + n, "ReservationConfirmed", { ...keys, nights: 2, guests: 1, amount: 200_000 }, origin),
    cancelled: past(20 + n, "ReservationCancelled", { ...keys, cancelledBy: "GUEST" }, origin),
  };
};
const begun = stayOf(1, "2026-12-31", "2027-01-02");
const later = stayOf(2, "2027-01-01", "2027-01-03");
const notYet = stayOf(3, "2027-01-02", "2027-01-04");
const review = { roomId, rating: 4, comment: "Quiet indeed" };
const written = (n: number, reviewId: string) => minted(n, "ReviewWritten", { reviewId, roomId, guestId: guest.userId, rating: 4 }, { correlationId: roomId, causationId: "req-1" });

class ReviewWorld {
  readonly store = new InMemoryReviews();
  readonly stays = new StayRecorder(this.store);
  /** Events on their way to the consumer: a lookup that misses waits for them, as awaitReplica does. */
  readonly inFlight: DomainEvent[] = [];
  readonly commands: ReviewCommands;
  constructor(sources: TestSources) {
    this.commands = new ReviewCommands(
      this.store,
      async (lookup) => {
        let found = await lookup();
        for (let next; found === null && (next = this.inFlight.shift()); found = await lookup()) await this.stays.handle(next);
        return found;
      },
      sources,
    );
  }
  get published() {
    return this.store.published;
  }
}

const spec = specification({ world: (sources) => new ReviewWorld(sources), given: (world, event) => world.stays.handle(event) });

describe("writeReview", () => {
  it("reviews the guest's stay that has begun, and announces it by room", () =>
    spec.given(registered, begun.confirmed).when((w) => w.commands.write(ctx(), review)).then([written(2, testId(1))], (saved, w) => {
      expect(saved).toEqual({ id: testId(1), reservationId: begun.reservationId, roomId, guestId: guest.userId, rating: 4, comment: "Quiet indeed", createdAt: new Date(TEST_NOW) });
      expect(w.store.reviews).toEqual([saved]);
    }));

  it("takes the earliest stay not reviewed yet, so a guest's second review is of the next stay", () =>
    spec
      .given(registered, later.confirmed, begun.confirmed)
      .when(async (w) => [await w.commands.write(ctx(), review), await w.commands.write(ctx(), review)] as const)
      .then([written(2, testId(1)), written(4, testId(3))], ([first, second]) => {
        expect(first.reservationId).toBe(begun.reservationId);
        expect(second.reservationId).toBe(later.reservationId);
      }));

  it("waits for the room and the stay still on their way from other contexts", () =>
    spec
      .given()
      .when((w) => {
        w.inFlight.push(registered, begun.confirmed);
        return w.commands.write(ctx(), review);
      })
      .then([written(2, testId(1))]));

  it.each([
    ["a stay that has not begun", [registered, notYet.confirmed]],
    ["a cancelled stay", [registered, begun.confirmed, begun.cancelled]],
    ["no stay at all", [registered]],
  ])("refuses %s with REVIEW_NOT_ALLOWED", (_, history) => spec.given(...history).when((w) => w.commands.write(ctx(), review)).thenFails("REVIEW_NOT_ALLOWED"));

  it("refuses a second review of the one stay", () =>
    spec
      .given(registered, begun.confirmed)
      .when(async (w) => {
        await w.commands.write(ctx(), review);
        w.store.published.length = 0;
        return w.commands.write(ctx(guest, "req-2"), review);
      })
      .thenFails("REVIEW_NOT_ALLOWED"));

  it("finds no room the review context never heard of, nor a deleted one", async () => {
    await spec.given().when((w) => w.commands.write(ctx(), review)).thenFails("NOT_FOUND");
    await spec.given(registered, begun.confirmed, deleted).when((w) => w.commands.write(ctx(), review)).thenFails("NOT_FOUND");
  });

  it("is a guest's command, with the contract's input rules", async () => {
    await spec.given(registered, begun.confirmed).when((w) => w.commands.write(ctx({ userId: "host-1", roles: ["host"] }), review)).thenFails("FORBIDDEN");
    await spec.given(registered, begun.confirmed).when((w) => w.commands.write(ctx(), { ...review, rating: 6 })).thenFails("BAD_USER_INPUT");
  });
});
