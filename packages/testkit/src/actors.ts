import { randomUUID } from "node:crypto";
import { mintToken } from "./tokens.ts";

/** A fresh user with a token, as a client of the API sees one. */
export interface Actor {
  id: string;
  token: string;
}

export async function actor(roles: Array<"host" | "guest">): Promise<Actor> {
  const id = `user-${randomUUID()}`;
  return { id, token: await mintToken({ sub: id, roles }) };
}

/** A calendar day `offset` days from today (UTC), as the API writes days. */
export const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
