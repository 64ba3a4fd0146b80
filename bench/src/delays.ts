import { setTimeout as sleep } from "node:timers/promises";
import type { NatsConnection } from "@nats-io/transport-node";
import { contextUrl } from "@airbnb/config";
import { liveClient, type LiveClient, type LiveSubscription } from "@airbnb/testkit";
import type { Bench, Delay } from "./bench.ts";
import { percentile, postJson, type LoadResult } from "./load.ts";
import { log } from "./log.ts";
import { reserve, type Actor } from "./seed.ts";

interface Tracked {
  roomId: string;
  reservationId?: string;
  occurredAt?: number;
  boardAt?: number;
  sub: LiveSubscription;
}

/**
 * Event-to-board and event-to-push while `runLoad` runs: each of `rooms` gets one booking
 * by `guest`, spread over the run, watched through a roomChanged subscription and the board's notices.
 */
export async function trackDelays(bench: Bench, nc: NatsConnection, rooms: string[], guest: Actor, runLoad: () => Promise<LoadResult>): Promise<{ result: LoadResult; board: Delay; push: Delay }> {
  const { routerUrl, env } = bench;
  const { host, hostInternal } = bench.seed;
  const prefix = env.NATS_SUBJECT_PREFIX ?? "airbnb";
  const viewpageUrl = `${contextUrl("viewpage", env).split(",")[0]}/graphql`;
  const tracked = new Map<string, Tracked>();
  const clients: LiveClient[] = [];
  for (let c = 0; c * 50 < rooms.length; c++) clients.push(liveClient(routerUrl, host.token));
  rooms.forEach((roomId, i) => {
    const sub = clients[Math.floor(i / 50)]!.subscribe(`subscription($id: ID!) { roomChanged(roomId: $id) { id board { lastReservationId lastReservationStatus } } }`, { id: roomId });
    tracked.set(roomId, { roomId, sub });
  });
  const confirmed = nc.subscribe(`${prefix}.reservation.confirmed`, {
    callback: (_error, msg) => {
      const event = JSON.parse(msg.string());
      const entry = tracked.get(event.data.roomId);
      if (entry && !entry.reservationId) Object.assign(entry, { reservationId: event.data.reservationId, occurredAt: Date.parse(event.occurredAt) });
    },
  });
  // The board changed: read the row (directly from viewpage) to see whether it shows the booking yet.
  const boardChanged = nc.subscribe(`live.${prefix}.board.>`, {
    callback: (_error, msg) => {
      const at = Date.now();
      const { roomId } = JSON.parse(msg.string());
      const entry = tracked.get(roomId);
      if (!entry?.reservationId || entry.boardAt) return;
      void postJson(viewpageUrl, { query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Room { board { lastReservationId } } } }`, variables: { r: [{ __typename: "Room", id: roomId }] } }, { "x-internal-identity": hostInternal })
        .then((answer) => {
          if (answer.data?._entities?.[0]?.board?.lastReservationId === entry.reservationId && !entry.boardAt) entry.boardAt = at;
        }, () => {});
    },
  });
  await sleep(1500); // subscriptions registered before the first booking
  const spacing = (bench.options.durationSeconds * 1000 * 0.9) / rooms.length;
  const trackedBookings = Promise.all(rooms.map(async (roomId, i) => {
    await sleep(i * spacing);
    await reserve(routerUrl, guest, roomId, 400).catch((error) => log(`tracked booking failed: ${error}`));
  }));
  const result = await runLoad();
  await trackedBookings;
  await sleep(3000); // the last pushes and board rows
  const board: number[] = [];
  const push: number[] = [];
  let missingBoard = 0;
  let missingPush = 0;
  for (const entry of tracked.values()) {
    if (!entry.occurredAt) {
      missingBoard++;
      missingPush++;
      continue;
    }
    if (entry.boardAt) board.push(Math.max(0, entry.boardAt - entry.occurredAt));
    else missingBoard++;
    const index = entry.sub.pushes.findIndex((p) => p.data?.roomChanged?.board?.lastReservationId === entry.reservationId);
    if (index >= 0) push.push(Math.max(0, entry.sub.receivedAt[index]! - entry.occurredAt));
    else missingPush++;
  }
  board.sort((a, b) => a - b);
  push.sort((a, b) => a - b);
  const summary = (values: number[], missing: number) => ({ p50: percentile(values, 50), p99: percentile(values, 99), max: values[values.length - 1] ?? Number.NaN, samples: tracked.size, missing });
  confirmed.unsubscribe();
  boardChanged.unsubscribe();
  await Promise.all(clients.map((client) => client.dispose()));
  return { result, board: summary(board, missingBoard), push: summary(push, missingPush) };
}
