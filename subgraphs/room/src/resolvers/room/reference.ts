import { loaderFor } from "@airbnb/service";
import type { RoomResolvers } from "../../generated/graphql.ts";
import type { RoomApp } from "../types.ts";

/** Rooms the gateway asks for by key, batched into one query per request. */
export const resolveRoomReference = (app: RoomApp): RoomResolvers["__resolveReference"] => ({ id }, ctx) =>
  loaderFor(ctx, "rooms", (ids) => app.reads.byIds(ids), (r) => r.id).load(id);
