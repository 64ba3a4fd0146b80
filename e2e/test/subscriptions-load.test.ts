import { afterAll, describe, expect, it } from "vitest";
import { liveClient, mintToken, waitFor, type LiveClient, type LiveSubscription } from "@airbnb/testkit";
import { asGuest, asHost, day, registerRoom, reserve, routerUrl, subscriptionsOpen } from "../support.ts";

const SUBSCRIBERS = 1000;
const ROOMS = 10;
const clients: LiveClient[] = [];

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await subscriptionsOpen(0, 30_000);
});

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

describe("live subscriptions at scale", () => {
  it(`delivers every push to ${SUBSCRIBERS} subscribers over ${ROOMS} rooms`, async () => {
    const host = await asHost();
    const rooms = await Promise.all(Array.from({ length: ROOMS }, (_, i) => registerRoom(host, { name: `Load room ${i}` })));
    const subscriptions: Array<{ room: number; live: LiveSubscription }> = [];
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const client = liveClient(routerUrl(), await mintToken({ sub: `load-subscriber-${i}`, roles: ["guest"] }));
      clients.push(client);
      const room = i % ROOMS;
      subscriptions.push({ room, live: client.subscribe(`subscription($roomId: ID!) { roomChanged(roomId: $roomId) { id board { confirmedReservations lastReservationStatus } } }`, { roomId: rooms[room]!.id }) });
    }
    await subscriptionsOpen(SUBSCRIBERS, 60_000);

    const bookedAt: number[] = [];
    const guests = await Promise.all(rooms.map(() => asGuest()));
    await Promise.all(rooms.map(async (room, i) => {
      bookedAt[i] = Date.now();
      const booked = await reserve(guests[i], { roomId: room.id, checkIn: day(200), checkOut: day(201) });
      expect(booked.data?.reserveRoom.status).toBe("CONFIRMED");
    }));

    const confirmed = (live: LiveSubscription) => live.pushes.findIndex((p) => p.data?.roomChanged.board.confirmedReservations === 1);
    await waitFor(() => subscriptions.every(({ live }) => confirmed(live) >= 0), { timeoutMs: 30_000, intervalMs: 100, what: "every subscriber's CONFIRMED push" });
    // From sending the booking to the push: the whole path (booking, payment, outbox, stream, board, push).
    const arrivals = subscriptions.map(({ room, live }) => live.receivedAt[confirmed(live)]! - bookedAt[room]!);
    for (const { live } of subscriptions) expect(live.pushes.every((p) => !p.errors)).toBe(true);
    const memory = (await (await fetch(routerUrl().replace(/\/graphql$/, "/metrics"))).text()).match(/^process_resident_memory_bytes\{[^}]*\} (\d+)/m)?.[1];
    console.log(`${SUBSCRIBERS} subscribers: booking sent to push p50 ${percentile(arrivals, 50)} ms, p99 ${percentile(arrivals, 99)} ms; router RSS ${Math.round(Number(memory) / 2 ** 20)} MiB`);
  });
});
