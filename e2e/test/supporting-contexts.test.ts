import { describe, expect, it } from "vitest";
import { errorCode, waitFor } from "@airbnb/testkit";
import { asGuest, asHost, call, day, registerRoom, reserve } from "../support.ts";

const MILEAGE = `{ myMileage { balance entries { kind points reservationId } } }`;
const MESSAGES = `{ myMessages { kind reservationId roomId text } }`;
const BOARD = `query($id: ID!) { room(id: $id) { board { lastReservationStatus lastPaymentStatus mileagePointsIssued confirmedReservations reviewCount averageRating roomName } } }`;
const WRITE_REVIEW = `mutation($input: WriteReviewInput!) { writeReview(input: $input) { id rating comment room { id name } } }`;

describe("supporting contexts, fed by events, through the router", () => {
  it("earns mileage, sends messages and updates the board after a booking, and reverses them after a cancellation", async () => {
    const host = await asHost();
    const guest = await asGuest();
    const room = await registerRoom(host, { name: "Mileage Hanok", pricePerNight: 123_456 });
    const booked = await reserve(guest, { roomId: room.id, checkIn: day(140), checkOut: day(143) });
    const reservationId = booked.data?.reserveRoom.id;
    const points = Math.floor((3 * 123_456) / 100);

    await waitFor(async () => (await call(guest, MILEAGE)).data?.myMileage.balance === points, { timeoutMs: 5000, what: "mileage earned" });
    const guestKinds = await waitFor(async () => {
      const kinds = (await call(guest, MESSAGES)).data?.myMessages.map((m: { kind: string }) => m.kind) ?? [];
      return kinds.includes("RESERVATION_CONFIRMED") && kinds.includes("MILEAGE_EARNED") && kinds;
    }, { timeoutMs: 5000, what: "the guest's messages" });
    expect(guestKinds).toHaveLength(2);
    const hostMessages = await waitFor(async () => (await call(host, MESSAGES)).data?.myMessages.length === 1 && (await call(host, MESSAGES)).data?.myMessages, { timeoutMs: 5000, what: "the host's message" });
    expect(hostMessages[0]).toMatchObject({ kind: "RESERVATION_CONFIRMED", reservationId, roomId: room.id });
    expect(hostMessages[0].text).toContain("Mileage Hanok");
    await waitFor(async () => (await call(undefined, BOARD, { id: room.id })).data?.room.board.mileagePointsIssued === points, { timeoutMs: 5000, what: "the board row" });
    expect((await call(undefined, BOARD, { id: room.id })).data?.room.board).toMatchObject({
      lastReservationStatus: "CONFIRMED", lastPaymentStatus: "APPROVED", confirmedReservations: 1, roomName: "Mileage Hanok",
    });

    const composed = await call(host, `query($id: ID!) { room(id: $id) {
      name reviewCount averageRating board { lastReservationStatus }
      reservations { id amount payment { status amount } mileage { kind points } }
      reviews { rating } } }`, { id: room.id });
    expect(composed.errors).toBeUndefined();
    expect(composed.data?.room.reservations).toEqual([
      { id: reservationId, amount: 3 * 123_456, payment: { status: "APPROVED", amount: 3 * 123_456 }, mileage: [{ kind: "EARNED", points }] },
    ]);

    await call(guest, `mutation($id: ID!) { cancelReservation(id: $id) { status } }`, { id: reservationId });
    await waitFor(async () => (await call(guest, MILEAGE)).data?.myMileage.balance === 0, { timeoutMs: 5000, what: "mileage deducted" });
    await waitFor(async () => {
      const kinds = (await call(guest, MESSAGES)).data?.myMessages.map((m: { kind: string }) => m.kind) ?? [];
      return kinds.includes("RESERVATION_CANCELLED") && kinds.includes("MILEAGE_DEDUCTED");
    }, { timeoutMs: 5000, what: "the cancellation and deduction messages" });
    await waitFor(async () => (await call(host, MESSAGES)).data?.myMessages.some((m: { kind: string }) => m.kind === "RESERVATION_CANCELLED"), { timeoutMs: 5000, what: "the host's cancellation message" });
    const board = await waitFor(async () => {
      const row = (await call(undefined, BOARD, { id: room.id })).data?.room.board;
      return row?.lastPaymentStatus === "REFUNDED" && row.mileagePointsIssued === 0 && row;
    }, { timeoutMs: 5000, what: "the board after cancellation" });
    expect(board).toMatchObject({ lastReservationStatus: "CANCELLED", confirmedReservations: 0 });
    const payment = await call(guest, `query($id: ID!) { reservation(id: $id) { status payment { status refundedAt } mileage { kind points } } }`, { id: reservationId });
    expect(payment.data?.reservation).toMatchObject({ status: "CANCELLED", payment: { status: "REFUNDED" } });
    expect(payment.data?.reservation.mileage).toEqual(expect.arrayContaining([{ kind: "EARNED", points }, { kind: "DEDUCTED", points: -points }]));
  });

  it("lets only a guest with a stay review a room, once, and counts the review", async () => {
    const room = await registerRoom(await asHost(), { name: "Review Hanok" });
    const guest = await asGuest();
    const input = { roomId: room.id, rating: 4, comment: "Lovely <b>courtyard</b> & tea — 좋아요" };
    expect(errorCode(await call(guest, WRITE_REVIEW, { input }))).toBe("REVIEW_NOT_ALLOWED");
    await reserve(guest, { roomId: room.id, checkIn: day(150), checkOut: day(152) });
    // A stay that has not begun is no ground for a review; one that begins today is.
    expect(errorCode(await call(guest, WRITE_REVIEW, { input }))).toBe("REVIEW_NOT_ALLOWED");
    await reserve(guest, { roomId: room.id, checkIn: day(0), checkOut: day(1) });
    const written = await call(guest, WRITE_REVIEW, { input });
    expect(written.data?.writeReview).toMatchObject({ rating: 4, comment: input.comment, room: { id: room.id, name: "Review Hanok" } });
    expect(errorCode(await call(guest, WRITE_REVIEW, { input: { ...input, rating: 5 } }))).toBe("REVIEW_NOT_ALLOWED");
    expect((await call(guest, WRITE_REVIEW, { input: { ...input, rating: 6 } })).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "rating" });
    const counted = await call(undefined, `query($id: ID!) { room(id: $id) { reviewCount averageRating reviews { rating comment } } }`, { id: room.id });
    expect(counted.data?.room).toEqual({ reviewCount: 1, averageRating: 4, reviews: [{ rating: 4, comment: input.comment }] });
    await waitFor(async () => (await call(undefined, BOARD, { id: room.id })).data?.room.board.reviewCount === 1, { timeoutMs: 5000, what: "the review on the board" });
  });

  it("answers the whole board in one read", async () => {
    const room = await registerRoom(await asHost(), { name: "Board Hanok" });
    const rows = await waitFor(async () => {
      const board = (await call(undefined, `{ roomBoard(first: 1000) { roomId roomName roomStatus } }`)).data?.roomBoard;
      return board?.find((row: { roomId: string }) => row.roomId === room.id);
    }, { timeoutMs: 5000, what: "the new room on the board" });
    expect(rows).toEqual({ roomId: room.id, roomName: "Board Hanok", roomStatus: "LISTED" });
  });
});
