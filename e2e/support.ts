import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { bearer, gql, mintToken, waitFor, type GraphQLResponse } from "@airbnb/testkit";

export const routerUrl = () => inject("routerUrl");

export interface Actor {
  id: string;
  token: string;
}

export async function actor(roles: Array<"host" | "guest">): Promise<Actor> {
  const id = `user-${randomUUID()}`;
  return { id, token: await mintToken({ sub: id, roles }) };
}

export const asHost = () => actor(["host"]);
export const asGuest = () => actor(["guest"]);

/** One operation through the router, as `who` (anonymous when undefined). */
export function call<T = Record<string, any>>(who: Actor | undefined, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  return gql<T>(routerUrl(), query, variables, bearer(who?.token));
}

/** A calendar day `offset` days from today (UTC), as the API writes days. */
export function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
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
