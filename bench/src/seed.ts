import { randomUUID } from "node:crypto";
import { bearer, gql, mintToken, type GraphQLResponse } from "@airbnb/testkit";

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
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
