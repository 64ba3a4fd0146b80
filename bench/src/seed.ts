import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { bearer, gql, mintToken, type GraphQLResponse } from "@airbnb/testkit";
import { internalToken } from "./internal-token.ts";
import { ROOM_QUERY } from "./room-query.ts";

export interface Actor {
  id: string;
  token: string;
}

export async function actor(roles: Array<"host" | "guest">, prefix = "bench"): Promise<Actor> {
  const id = `${prefix}-${randomUUID()}`;
  // Long enough for any run; the router verifies `exp` like any other token's.
  return { id, token: await mintToken({ sub: id, roles, expiresIn: "6h" }) };
}

export const REGISTER_ROOM = `mutation($input: RegisterRoomInput!) { registerRoom(input: $input) { id } }`;
export const RESERVE_ROOM = `mutation($input: ReserveRoomInput!) { reserveRoom(input: $input) { id status amount } }`;
export const WRITE_REVIEW = `mutation($input: WriteReviewInput!) { writeReview(input: $input) { id } }`;

/** A calendar day `offset` days from today (UTC). */
export const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export async function call<T = Record<string, any>>(url: string, who: Actor | undefined, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  return gql<T>(url, query, variables, bearer(who?.token));
}

/** Runs `work` for 0..count-1 with at most `parallel` at once. */
export async function inParallel<T>(count: number, parallel: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

export async function registerRooms(url: string, host: Actor, count: number, label: string): Promise<string[]> {
  return inParallel(count, 16, async (i) => {
    const response = await call(url, host, REGISTER_ROOM, {
      input: { name: `${label} ${i}`, description: "A benchmark room", city: "Seoul", pricePerNight: 120_000 + i, capacity: 4 },
    });
    if (!response.data?.registerRoom) throw new Error(`registerRoom failed: ${JSON.stringify(response.errors)}`);
    return response.data.registerRoom.id as string;
  });
}

export async function reserve(url: string, guest: Actor, roomId: string, offset: number, nights = 1) {
  const response = await call(url, guest, RESERVE_ROOM, { input: { roomId, checkIn: day(offset), checkOut: day(offset + nights), guests: 1 } });
  if (response.data?.reserveRoom?.status !== "CONFIRMED") throw new Error(`reserveRoom failed: ${JSON.stringify(response.errors ?? response.data)}`);
  return response.data.reserveRoom as { id: string; amount: number };
}

/** Retries while the review context has not yet heard of the stay. */
export async function writeReview(url: string, guest: Actor, roomId: string, rating: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await call(url, guest, WRITE_REVIEW, { input: { roomId, rating, comment: "Quiet, clean, would stay again" } });
    if (response.data?.writeReview) return;
    if (Date.now() > deadline) throw new Error(`writeReview failed: ${JSON.stringify(response.errors)}`);
    await sleep(100);
  }
}

/** What every scenario shares: the actors and the read rooms, each with its reservations, reviews and board row. */
export interface ReadSeed {
  host: Actor;
  /** 50 guests; the first five hold the read rooms' reservations. */
  guests: Actor[];
  /** The router-signed identity of the host, for calls straight to a subgraph. */
  hostInternal: string;
  readRooms: string[];
  /** The router's answer to ROOM_QUERY for the first read room: every gateway must give the same. */
  sample: GraphQLResponse<Record<string, any>>;
}

const PER_ROOM = 5;

export async function seedReadRooms(url: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<ReadSeed> {
  const host = await actor(["host"], "bench-host");
  const guests = await Promise.all(Array.from({ length: 50 }, () => actor(["guest"], "bench-guest")));
  const hostInternal = await internalToken(env, host, ["host"]);
  log("seeding rooms");
  const readRooms = await registerRooms(url, host, 20, "Read");
  log("seeding reservations and reviews");
  await inParallel(readRooms.length * PER_ROOM, 16, (i) => reserve(url, guests[i % PER_ROOM]!, readRooms[Math.floor(i / PER_ROOM)]!, 3 + (i % PER_ROOM) * 2, 2));
  await inParallel(readRooms.length * PER_ROOM, 16, (i) => writeReview(url, guests[i % PER_ROOM]!, readRooms[Math.floor(i / PER_ROOM)]!, 1 + (i % 5)));
  // The board is built from events: wait until every read room's row shows its reservations and reviews.
  for (const deadline = Date.now() + 60_000; ;) {
    const response = await call(url, undefined, `{ roomBoard(first: 1000) { roomId confirmedReservations reviewCount mileagePointsIssued } }`);
    const rows = new Map((response.data?.roomBoard ?? []).map((row: any) => [row.roomId, row]));
    const done = readRooms.every((id) => {
      const row: any = rows.get(id);
      return row && row.confirmedReservations === PER_ROOM && row.reviewCount === PER_ROOM && row.mileagePointsIssued > 0;
    });
    if (done) break;
    if (Date.now() > deadline) throw new Error("the board did not catch up with the seed data");
    await sleep(250);
  }
  const sample = await call(url, host, ROOM_QUERY, { id: readRooms[0] });
  if (sample.errors || sample.data?.room?.reservations?.length !== PER_ROOM || !sample.data.room.reservations[0].payment || !sample.data.room.reservations[0].mileage.length) {
    throw new Error(`the composed query is not complete: ${JSON.stringify(sample).slice(0, 600)}`);
  }
  log(`seeded; a composed room is ${JSON.stringify(sample.data).length} bytes of JSON`);
  return { host, guests, hostInternal, readRooms, sample };
}
