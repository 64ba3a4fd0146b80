import { describe, expect, it } from "vitest";
import { errorCode, pool, waitFor, type GraphQLResponse } from "@airbnb/testkit";
import { asGuest, asHost, call, day, registerRoom, reserve, type Actor } from "../support.ts";

const MODIFY = `mutation($id: ID!, $input: ModifyRoomInput!) { modifyRoom(id: $id, input: $input) { id pricePerNight capacity } }`;
const DELETE = `mutation($id: ID!) { deleteRoom(id: $id) { id status } }`;
const CANCEL = `mutation($id: ID!) { cancelReservation(id: $id) { id status cancelledBy updatedAt } }`;
const REVIEW = `mutation($input: WriteReviewInput!) { writeReview(input: $input) { id } }`;
const RESERVATION = `query($id: ID!) { reservation(id: $id) { status cancelledBy payment { status } mileage { kind points } } }`;

const ok = <T>(response: GraphQLResponse, pick: (data: Record<string, any>) => T): T => {
  if (response.errors || !response.data) throw new Error(JSON.stringify(response.errors));
  return pick(response.data);
};
const booked = async (guest: Actor, input: Record<string, unknown>) => ok(await reserve(guest, input), (d) => d.reserveRoom as { id: string; status: string; amount: number });
const fieldOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.field as string | undefined;

describe("a booking sees the room as the host left it", () => {
  it("books against the price and capacity of the modifyRoom that returned just before, 200 rounds", async () => {
    const host = await asHost();
    const guests = await Promise.all(Array.from({ length: 5 }, () => asGuest()));
    const rooms = await pool(Array.from({ length: 20 }, (_, i) => i), 5, () => registerRoom(host, { pricePerNight: 1_000, capacity: 3 }));
    const stale: string[] = [];
    await pool(rooms, 20, async (room, r) => {
      for (let round = 0; round < 10; round++) {
        const price = 1_000 + 100 * round + r;
        // Even rounds shrink the room to 1 guest and ask for 2: a stale read would confirm it.
        const capacity = round % 2 === 0 ? 1 : 3;
        ok(await call(host, MODIFY, { id: room.id, input: { pricePerNight: price, capacity } }), (d) => d.modifyRoom);
        const res = await reserve(guests[round % guests.length], { roomId: room.id, checkIn: day(10 + round), checkOut: day(11 + round), guests: 2 });
        const answer = capacity === 1 ? (fieldOf(res) === "guests" ? "refused" : JSON.stringify(res)) : res.data?.reserveRoom?.amount;
        if (answer !== (capacity === 1 ? "refused" : price)) stale.push(`room ${r} round ${round}: ${JSON.stringify(answer)}`);
      }
    });
    expect(stale).toEqual([]);
  });

  it("refuses a booking that starts after deleteRoom returned, 200 rounds", async () => {
    const host = await asHost();
    const guest = await asGuest();
    const stale = await pool(Array.from({ length: 200 }, (_, i) => i), 10, async (i) => {
      const room = await registerRoom(host);
      ok(await call(host, DELETE, { id: room.id }), (d) => d.deleteRoom);
      const res = await reserve(guest, { roomId: room.id, checkIn: day(5), checkOut: day(6) });
      return errorCode(res) === "ROOM_UNAVAILABLE" ? null : `round ${i}: ${JSON.stringify(res)}`;
    });
    expect(stale.filter(Boolean)).toEqual([]);
  });
});

describe("delisting cancels the stays that have not begun", () => {
  it("cancels 50 future stays by the host: each refunded, its mileage deducted, its guest and the host told once", async () => {
    const host = await asHost();
    const room = await registerRoom(host, { name: "Delisted Hanok", pricePerNight: 10_000 });
    const guests = await Promise.all(Array.from({ length: 50 }, () => asGuest()));
    const stays = await pool(guests, 10, async (guest, i) => ({ guest, ...(await booked(guest, { roomId: room.id, checkIn: day(20 + i), checkOut: day(21 + i) })) }));
    expect(stays.every((s) => s.status === "CONFIRMED")).toBe(true);
    ok(await call(host, DELETE, { id: room.id }), (d) => d.deleteRoom);

    await pool(stays, 10, async ({ guest, id }) => {
      const settled = await waitFor(async () => {
        const r = ok(await call(guest, RESERVATION, { id }), (d) => d.reservation);
        return r.payment?.status === "REFUNDED" && r.mileage.length === 2 && r;
      }, { timeoutMs: 30_000, what: `reservation ${id} refunded and deducted` });
      expect(settled).toMatchObject({ status: "CANCELLED", cancelledBy: "HOST" });
      expect(settled.mileage.map((m: { points: number }) => m.points).sort()).toEqual([-100, 100]);
      const told = await waitFor(async () => {
        const messages = ok(await call(guest, `{ myMessages(first: 200) { kind reservationId text } myMileage { balance } }`), (d) => d);
        return messages.myMessages.some((m: { kind: string }) => m.kind === "MILEAGE_DEDUCTED") && messages;
      }, { timeoutMs: 30_000, what: "the guest's messages" });
      const cancelled = told.myMessages.filter((m: { kind: string; reservationId: string }) => m.kind === "RESERVATION_CANCELLED" && m.reservationId === id);
      expect(cancelled).toHaveLength(1);
      expect(cancelled[0].text).toContain("the host delisted the room");
      expect(told.myMileage.balance).toBe(0);
    });
    const hostTold = await waitFor(async () => {
      const messages = ok(await call(host, `{ myMessages(first: 200) { kind reservationId } }`), (d) => d.myMessages as Array<{ kind: string; reservationId: string }>);
      const cancelled = messages.filter((m) => m.kind === "RESERVATION_CANCELLED");
      return cancelled.length >= 50 ? cancelled : null;
    }, { timeoutMs: 30_000, what: "the host's messages" });
    expect(new Set(hostTold.map((m) => m.reservationId)).size).toBe(50);
    expect(hostTold).toHaveLength(50);
    const board = await waitFor(async () => {
      const b = ok(await call(undefined, `query($id: ID!) { room(id: $id) { board { roomStatus confirmedReservations mileagePointsIssued } } }`, { id: room.id }), (d) => d.room.board);
      return b.confirmedReservations === 0 && b.mileagePointsIssued === 0 && b;
    }, { timeoutMs: 30_000, what: "the board row" });
    expect(board).toEqual({ roomStatus: "DELISTED", confirmedReservations: 0, mileagePointsIssued: 0 });
  });

  it("keeps a stay that has begun (check-in today)", async () => {
    const host = await asHost();
    const room = await registerRoom(host);
    const [today, later] = [await asGuest(), await asGuest()];
    const begun = await booked(today, { roomId: room.id, checkIn: day(0), checkOut: day(2) });
    const future = await booked(later, { roomId: room.id, checkIn: day(3), checkOut: day(4) });
    ok(await call(host, DELETE, { id: room.id }), (d) => d.deleteRoom);
    await waitFor(async () => ok(await call(later, RESERVATION, { id: future.id }), (d) => d.reservation.status === "CANCELLED"), { what: "the future stay cancelled" });
    expect(ok(await call(today, RESERVATION, { id: begun.id }), (d) => d.reservation)).toMatchObject({ status: "CONFIRMED", cancelledBy: null });
  });
});

describe("cancelling, by the rules of today (UTC)", () => {
  it("cancels a future stay by its guest once; refuses a begun stay and a rejected reservation naming id", async () => {
    const room = await registerRoom(await asHost());
    const guest = await asGuest();
    const future = await booked(guest, { roomId: room.id, checkIn: day(30), checkOut: day(31) });
    const first = ok(await call(guest, CANCEL, { id: future.id }), (d) => d.cancelReservation);
    expect(first).toMatchObject({ status: "CANCELLED", cancelledBy: "GUEST" });
    expect(ok(await call(guest, CANCEL, { id: future.id }), (d) => d.cancelReservation)).toEqual(first);

    const begun = await booked(guest, { roomId: room.id, checkIn: day(0), checkOut: day(1) });
    const refused = await call(guest, CANCEL, { id: begun.id });
    expect([errorCode(refused), fieldOf(refused)]).toEqual(["BAD_USER_INPUT", "id"]);

    const rejected = await booked(guest, { roomId: room.id, checkIn: day(40), checkOut: day(41), paymentMethod: "declined-card" });
    expect(rejected.status).toBe("REJECTED");
    const notCancellable = await call(guest, CANCEL, { id: rejected.id });
    expect([errorCode(notCancellable), fieldOf(notCancellable)]).toEqual(["BAD_USER_INPUT", "id"]);
  });
});

describe("reviews come only from stays that happened", () => {
  const review = (roomId: string) => ({ input: { roomId, rating: 1, comment: "Never went" } });

  it("refuses a future stay and a cancelled one; accepts a begun one; NOT_FOUND for an unknown or deleted room", async () => {
    const host = await asHost();
    const room = await registerRoom(host);
    const guest = await asGuest();
    const future = await booked(guest, { roomId: room.id, checkIn: day(200), checkOut: day(201) });
    expect(errorCode(await call(guest, REVIEW, review(room.id)))).toBe("REVIEW_NOT_ALLOWED");
    ok(await call(guest, CANCEL, { id: future.id }), (d) => d.cancelReservation);
    expect(errorCode(await call(guest, REVIEW, review(room.id)))).toBe("REVIEW_NOT_ALLOWED");
    const counts = `query($id: ID!) { room(id: $id) { reviewCount averageRating } }`;
    expect(ok(await call(undefined, counts, { id: room.id }), (d) => d.room)).toEqual({ reviewCount: 0, averageRating: null });

    expect(errorCode(await call(await asGuest(), REVIEW, review(room.id)))).toBe("REVIEW_NOT_ALLOWED");
    await booked(guest, { roomId: room.id, checkIn: day(0), checkOut: day(1) });
    expect(ok(await call(guest, REVIEW, review(room.id)), (d) => d.writeReview.id)).toBeTruthy();
    expect(errorCode(await call(guest, REVIEW, review(room.id)))).toBe("REVIEW_NOT_ALLOWED");

    expect(errorCode(await call(guest, REVIEW, review("00000000-0000-4000-8000-000000000000")))).toBe("NOT_FOUND");
    ok(await call(host, DELETE, { id: room.id }), (d) => d.deleteRoom);
    await waitFor(async () => errorCode(await call(guest, REVIEW, review(room.id))) === "NOT_FOUND", { what: "the deleted room unknown to reviews" });
  });
});

describe("inputs that used to reach a 500", () => {
  it("refuses a stay costing more than an Int holds, naming checkOut; 21 such nights still fit", async () => {
    const room = await registerRoom(await asHost(), { pricePerNight: 100_000_000 });
    const guest = await asGuest();
    const tooMuch = await reserve(guest, { roomId: room.id, checkIn: day(10), checkOut: day(32) });
    expect([errorCode(tooMuch), fieldOf(tooMuch)]).toEqual(["BAD_USER_INPUT", "checkOut"]);
    expect((await booked(guest, { roomId: room.id, checkIn: day(10), checkOut: day(31) })).amount).toBe(2_100_000_000);
  });

  it("accepts only card and declined-card as the payment method", async () => {
    const room = await registerRoom(await asHost());
    const res = await reserve(await asGuest(), { roomId: room.id, checkIn: day(10), checkOut: day(11), paymentMethod: "bitcoin" });
    expect([errorCode(res), fieldOf(res)]).toEqual(["BAD_USER_INPUT", "paymentMethod"]);
    expect(ok(await call(undefined, `query($id: ID!, $a: Date!, $b: Date!) { room(id: $id) { isAvailable(checkIn: $a, checkOut: $b) } }`, { id: room.id, a: day(10), b: day(11) }), (d) => d.room.isAvailable)).toBe(true);
  });

  it("answers a NUL or a lone surrogate in any string argument with BAD_USER_INPUT naming it", async () => {
    const guest = await asGuest();
    const room = await registerRoom(await asHost());
    const cases: Array<[GraphQLResponse, string]> = [
      [await call(undefined, `query($c: String) { rooms(city: $c) { id } }`, { c: "Seoul\u0000" }), "city"],
      [await call(undefined, `{ rooms(city: "Seoul\\u0000") { id } }`), "city"],
      [await reserve(guest, { roomId: room.id, checkIn: day(10), checkOut: day(11), idempotencyKey: "k\u0000" }), "idempotencyKey"],
      [await call(undefined, `query($id: ID!) { room(id: $id) { id } }`, { id: "\ud800" }), "id"],
      [await call(guest, CANCEL, { id: "\u0000" }), "id"],
      [await call(guest, REVIEW, { input: { roomId: room.id, rating: 5, comment: "fine\udc00" } }), "comment"],
    ];
    for (const [res, field] of cases) {
      expect(res.status).toBeLessThan(500);
      expect([errorCode(res), fieldOf(res)]).toEqual(["BAD_USER_INPUT", field]);
    }
  });
});
