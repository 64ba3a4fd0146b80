import { afterEach, describe, expect, it } from "vitest";
import { liveClient, mintToken, type LiveClient } from "@airbnb/testkit";
import { asGuest, asHost, call, day, registerRoom, reserve, routerUrl, subscriptionsOpen } from "../support.ts";

const opened: LiveClient[] = [];
const open = (token?: string) => {
  const client = liveClient(routerUrl(), token);
  opened.push(client);
  return client;
};

afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.dispose()));
  await subscriptionsOpen(0);
});

const ROOM_CHANGED = `subscription($roomId: ID!) {
  roomChanged(roomId: $roomId) { id name reviewCount board { lastReservationStatus lastPaymentStatus confirmedReservations } }
}`;

describe("live subscriptions over graphql-ws", () => {
  it("pushes the composed room, CONFIRMED on its board, within 3 s of a booking", async () => {
    const room = await registerRoom(await asHost(), { name: "Live Hanok" });
    const live = open().subscribe(ROOM_CHANGED, { roomId: room.id });
    await subscriptionsOpen(1);
    const bookedAt = Date.now();
    await reserve(await asGuest(), { roomId: room.id, checkIn: day(120), checkOut: day(122) });
    const push = await live.next((p) => p.data?.roomChanged.board.lastReservationStatus === "CONFIRMED", 3000);
    expect(Date.now() - bookedAt).toBeLessThan(3000);
    expect(push.data?.roomChanged).toMatchObject({ id: room.id, name: "Live Hanok", reviewCount: 0, board: { lastPaymentStatus: "APPROVED", confirmedReservations: 1 } });
    const states = live.pushes.map((p) => JSON.stringify(p));
    expect(new Set(states).size).toBe(states.length);
  });

  it("pushes CONFIRMED to a host following a room's reservations", async () => {
    const host = await asHost();
    const room = await registerRoom(host);
    const live = open(host.token).subscribe(`subscription($roomId: ID) { reservationStatusChanged(roomId: $roomId) { id status amount } }`, { roomId: room.id });
    await subscriptionsOpen(1);
    const booked = await reserve(await asGuest(), { roomId: room.id, checkIn: day(125), checkOut: day(126) });
    const push = await live.next((p) => p.data?.reservationStatusChanged.status === "CONFIRMED");
    expect(push.data?.reservationStatusChanged.id).toBe(booked.data?.reserveRoom.id);
  });

  it("pushes the guest's own confirmation message, and nobody else's", async () => {
    const guest = await asGuest();
    const other = await asGuest();
    const room = await registerRoom(await asHost(), { name: "Message Hanok" });
    const mine = open(guest.token).subscribe(`subscription { messageReceived { kind recipientId text } }`);
    const theirs = open(other.token).subscribe(`subscription { messageReceived { kind recipientId } }`);
    await subscriptionsOpen(2);
    await reserve(guest, { roomId: room.id, checkIn: day(127), checkOut: day(129) });
    const push = await mine.next((p) => p.data?.messageReceived.kind === "RESERVATION_CONFIRMED");
    expect(push.data?.messageReceived.recipientId).toBe(guest.id);
    expect(push.data?.messageReceived.text).toContain("Message Hanok");
    expect(theirs.pushes).toEqual([]);
  });

  it("refuses an anonymous messageReceived and a filterless reservationStatusChanged", async () => {
    const anonymous = open().subscribe(`subscription { messageReceived { id } }`);
    expect(await anonymous.failed).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "UNAUTHENTICATED" }) })]);
    const guest = await asGuest();
    const filterless = open(guest.token).subscribe(`subscription { reservationStatusChanged { id } }`);
    expect(await filterless.failed).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]);
  });

  it("closes a socket whose token expires, and refuses a bad token at connection_init", async () => {
    const expiring = await mintToken({ sub: "soon-gone", roles: ["guest"], expiresIn: Math.floor(Date.now() / 1000) + 2 });
    const client = open(expiring);
    client.subscribe(`subscription { messageReceived { id } }`);
    expect(await client.closed).toBe(4401);
    const forged = open(await mintToken({ sub: "x", roles: ["guest"], secret: "another-secret-entirely-0123456789" }));
    forged.subscribe(`subscription { messageReceived { id } }`);
    expect(await forged.closed).toBe(4401);
  });

  it("refuses subscriptions over HTTP with a pointer to graphql-ws", async () => {
    const res = await call(undefined, `subscription { roomChanged(roomId: "x") { id } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
  });
});
