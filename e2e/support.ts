import { inject } from "vitest";
import { actor, bearer, day, gql, waitFor, type Actor, type GraphQLResponse } from "@airbnb/testkit";

export const routerUrl = () => inject("routerUrl");

export { actor, day, type Actor };

export const asHost = () => actor(["host"]);
export const asGuest = () => actor(["guest"]);

/** One operation through the router, as `who` (anonymous when undefined). */
export function call<T = Record<string, any>>(who: Actor | undefined, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  return gql<T>(routerUrl(), query, variables, bearer(who?.token));
}

export const REGISTER_ROOM = `mutation($input: RegisterRoomInput!) {
  registerRoom(input: $input) { id hostId name status pricePerNight capacity }
}`;

export const RESERVE_ROOM = `mutation($input: ReserveRoomInput!) {
  reserveRoom(input: $input) { id roomId guestId status amount nights checkIn checkOut payment { id status amount } }
}`;

export async function registerRoom(host: Actor, input: Record<string, unknown> = {}) {
  const response = await call(host, REGISTER_ROOM, {
    input: { name: "Hanok Courtyard", description: "A quiet room by a courtyard", city: "Seoul", pricePerNight: 120_000, capacity: 2, ...input },
  });
  if (!response.data?.registerRoom) throw new Error(`registerRoom failed: ${JSON.stringify(response.errors)}`);
  return response.data.registerRoom as { id: string; pricePerNight: number; capacity: number };
}

export function reserve(guest: Actor | undefined, input: Record<string, unknown>) {
  return call(guest, RESERVE_ROOM, { input: { guests: 1, ...input } });
}

/** Open subscriptions on the router, from its own metrics. */
export async function openSubscriptions(): Promise<number> {
  const text = await (await fetch(routerUrl().replace(/\/graphql$/, "/metrics"))).text();
  const line = text.split("\n").find((l) => l.startsWith("graphql_subscriptions{"));
  return Number(line?.split(" ").pop() ?? 0);
}

/** Waits until the router holds exactly `count` subscriptions: registered, so pushes will reach them. */
export function subscriptionsOpen(count: number, timeoutMs = 10_000): Promise<boolean> {
  return waitFor(async () => (await openSubscriptions()) === count, { timeoutMs, what: `${count} open subscriptions` });
}
