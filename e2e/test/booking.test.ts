import { describe, expect, it } from "vitest";
import { errorCode } from "@airbnb/testkit";
import { asGuest, asHost, call, day, registerRoom, reserve } from "../support.ts";

describe("booking through the router", () => {
  it("confirms a 3-night stay with an approved payment of 3 × price", async () => {
    const host = await asHost();
    const guest = await asGuest();
    const room = await registerRoom(host, { pricePerNight: 85_000 });
    const res = await reserve(guest, { roomId: room.id, checkIn: day(10), checkOut: day(13), guests: 2 });
    expect(res.errors).toBeUndefined();
    expect(res.data?.reserveRoom).toMatchObject({ status: "CONFIRMED", nights: 3, amount: 255_000, guestId: guest.id });
    expect(res.data?.reserveRoom.payment).toMatchObject({ status: "APPROVED", amount: 255_000 });
  });

  it("refuses overlapping nights but accepts a back-to-back stay", async () => {
    const room = await registerRoom(await asHost());
    const first = await reserve(await asGuest(), { roomId: room.id, checkIn: day(20), checkOut: day(23) });
    expect(first.data?.reserveRoom.status).toBe("CONFIRMED");
    const overlap = await reserve(await asGuest(), { roomId: room.id, checkIn: day(22), checkOut: day(24) });
    expect(errorCode(overlap)).toBe("ROOM_UNAVAILABLE");
    const backToBack = await reserve(await asGuest(), { roomId: room.id, checkIn: day(23), checkOut: day(25) });
    expect(backToBack.data?.reserveRoom.status).toBe("CONFIRMED");
  });

  it("rejects a declined card and holds no nights", async () => {
    const room = await registerRoom(await asHost());
    const declined = await reserve(await asGuest(), { roomId: room.id, checkIn: day(30), checkOut: day(32), paymentMethod: "declined-card" });
    expect(declined.data?.reserveRoom).toMatchObject({ status: "REJECTED", payment: { status: "DECLINED" } });
    const again = await reserve(await asGuest(), { roomId: room.id, checkIn: day(30), checkOut: day(32) });
    expect(again.data?.reserveRoom.status).toBe("CONFIRMED");
  });

  it("cancels a stay, releasing its nights at once", async () => {
    const guest = await asGuest();
    const room = await registerRoom(await asHost());
    const booked = await reserve(guest, { roomId: room.id, checkIn: day(40), checkOut: day(42) });
    const id = booked.data?.reserveRoom.id;
    const cancelled = await call(guest, `mutation($id: ID!) { cancelReservation(id: $id) { id status } }`, { id });
    expect(cancelled.data?.cancelReservation).toEqual({ id, status: "CANCELLED" });
    const rebooked = await reserve(await asGuest(), { roomId: room.id, checkIn: day(40), checkOut: day(42) });
    expect(rebooked.data?.reserveRoom.status).toBe("CONFIRMED");
  });

  it("answers availability from the nights held", async () => {
    const room = await registerRoom(await asHost());
    await reserve(await asGuest(), { roomId: room.id, checkIn: day(50), checkOut: day(52) });
    const q = `query($id: ID!, $a: Date!, $b: Date!, $c: Date!) { room(id: $id) { taken: isAvailable(checkIn: $a, checkOut: $b) free: isAvailable(checkIn: $b, checkOut: $c) } }`;
    const res = await call(undefined, q, { id: room.id, a: day(51), b: day(52), c: day(54) });
    expect(res.data?.room).toEqual({ taken: false, free: true });
  });
});

describe("who may do what", () => {
  it("refuses anonymous bookings and the wrong role", async () => {
    const room = await registerRoom(await asHost());
    expect(errorCode(await reserve(undefined, { roomId: room.id, checkIn: day(60), checkOut: day(61) }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await reserve(await asHost(), { roomId: room.id, checkIn: day(60), checkOut: day(61) }))).toBe("FORBIDDEN");
    const guestRegisters = await call(await asGuest(), `mutation { registerRoom(input: { name: "x", description: "y", city: "z", pricePerNight: 1, capacity: 1 }) { id } }`);
    expect(errorCode(guestRegisters)).toBe("FORBIDDEN");
  });

  it("lets only the owner modify or delete a room, and only its host see its reservations", async () => {
    const owner = await asHost();
    const room = await registerRoom(owner);
    const stranger = await asHost();
    expect(errorCode(await call(stranger, `mutation($id: ID!) { modifyRoom(id: $id, input: { name: "Mine" }) { id } }`, { id: room.id }))).toBe("FORBIDDEN");
    expect(errorCode(await call(stranger, `mutation($id: ID!) { deleteRoom(id: $id) { id } }`, { id: room.id }))).toBe("FORBIDDEN");
    const guest = await asGuest();
    await reserve(guest, { roomId: room.id, checkIn: day(70), checkOut: day(71) });
    const q = `query($id: ID!) { room(id: $id) { reservations { guestId status } } }`;
    expect(errorCode(await call(stranger, q, { id: room.id }))).toBe("FORBIDDEN");
    expect((await call(owner, q, { id: room.id })).data?.room.reservations).toEqual([{ guestId: guest.id, status: "CONFIRMED" }]);
  });

  it("lets a guest cancel only their own reservation and see only what is theirs", async () => {
    const guest = await asGuest();
    const room = await registerRoom(await asHost());
    const { data } = await reserve(guest, { roomId: room.id, checkIn: day(75), checkOut: day(76) });
    const id = data?.reserveRoom.id;
    const other = await asGuest();
    expect(errorCode(await call(other, `mutation($id: ID!) { cancelReservation(id: $id) { id } }`, { id }))).toBe("FORBIDDEN");
    expect(errorCode(await call(other, `query($id: ID!) { reservation(id: $id) { id } }`, { id }))).toBe("FORBIDDEN");
    const mine = await call(guest, `{ myReservations { id room { id name } } }`);
    expect(mine.data?.myReservations).toEqual([{ id, room: { id: room.id, name: "Hanok Courtyard" } }]);
  });
});

describe("bad input and missing things", () => {
  it.each([
    ["checkOut before checkIn", { checkIn: day(80), checkOut: day(79) }, "checkOut"],
    ["checkOut equal to checkIn", { checkIn: day(80), checkOut: day(80) }, "checkOut"],
    ["a past checkIn", { checkIn: day(-2), checkOut: day(1) }, "checkIn"],
    ["over 365 nights", { checkIn: day(80), checkOut: day(80 + 366) }, "checkOut"],
    ["not a calendar day", { checkIn: "2026-02-30", checkOut: day(81) }, "checkIn"],
    ["too many guests", { checkIn: day(80), checkOut: day(81), guests: 3 }, "guests"],
    ["no guests", { checkIn: day(80), checkOut: day(81), guests: 0 }, "guests"],
  ])("refuses %s with BAD_USER_INPUT naming the field", async (_, dates, field) => {
    const room = await registerRoom(await asHost(), { capacity: 2 });
    const res = await reserve(await asGuest(), { roomId: room.id, ...dates });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it.each([
    ["a zero price", { pricePerNight: 0 }, "pricePerNight"],
    ["an empty name", { name: "  " }, "name"],
    ["a 2001-character description", { description: "x".repeat(2001) }, "description"],
    ["no capacity", { capacity: 0 }, "capacity"],
  ])("refuses a room with %s", async (_, input, field) => {
    const res = await call(await asHost(), `mutation($input: RegisterRoomInput!) { registerRoom(input: $input) { id } }`, {
      input: { name: "n", description: "d", city: "c", pricePerNight: 1, capacity: 1, ...input },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("answers NOT_FOUND for an unknown room and ROOM_UNAVAILABLE for a delisted one", async () => {
    const guest = await asGuest();
    const unknown = await reserve(guest, { roomId: "3f1b7c2e-0000-4000-8000-000000000000", checkIn: day(90), checkOut: day(91) });
    expect(errorCode(unknown)).toBe("NOT_FOUND");
    const host = await asHost();
    const room = await registerRoom(host);
    await call(host, `mutation($id: ID!) { deleteRoom(id: $id) { status } }`, { id: room.id });
    const delisted = await call(undefined, `query($id: ID!) { room(id: $id) { status } }`, { id: room.id });
    expect(delisted.data?.room.status).toBe("DELISTED");
    const { waitFor } = await import("@airbnb/testkit");
    await waitFor(async () => errorCode(await reserve(guest, { roomId: room.id, checkIn: day(90), checkOut: day(91) })) === "ROOM_UNAVAILABLE", {
      what: "the delisting to reach the reservation context",
    });
  });
});

describe("under concurrency", () => {
  it("confirms exactly one of 50 concurrent overlapping bookings", async () => {
    const room = await registerRoom(await asHost());
    const guests = await Promise.all(Array.from({ length: 50 }, () => asGuest()));
    const results = await Promise.all(guests.map((guest, i) => reserve(guest, { roomId: room.id, checkIn: day(100 + (i % 3)), checkOut: day(104) })));
    expect(results.every((r) => r.status < 500)).toBe(true);
    const answers: Record<string, number> = {};
    for (const r of results) {
      const answer = r.data?.reserveRoom?.status ?? errorCode(r) ?? `HTTP ${r.status}`;
      answers[answer] = (answers[answer] ?? 0) + 1;
    }
    expect(answers).toEqual({ CONFIRMED: 1, ROOM_UNAVAILABLE: 49 });
  });

  it("turns ten concurrent retries with one idempotencyKey into one reservation and one charge", async () => {
    const guest = await asGuest();
    const room = await registerRoom(await asHost());
    const input = { roomId: room.id, checkIn: day(110), checkOut: day(112), idempotencyKey: "checkout-attempt-1" };
    const results = await Promise.all(Array.from({ length: 10 }, () => reserve(guest, input)));
    const ids = new Set(results.map((r) => r.data?.reserveRoom?.id));
    expect(results.map((r) => r.errors)).toEqual(Array(10).fill(undefined));
    expect(ids.size).toBe(1);
    expect(new Set(results.map((r) => r.data?.reserveRoom.payment.id)).size).toBe(1);
    const mine = await call(guest, `{ myReservations { id status } }`);
    expect(mine.data?.myReservations).toEqual([{ id: [...ids][0], status: "CONFIRMED" }]);
  });
});
