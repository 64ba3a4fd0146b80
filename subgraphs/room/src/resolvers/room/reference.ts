import { loaderFor, type RequestContext } from "@airbnb/service";
import { presentRoom } from "../presenter.ts";
import type { RoomApp } from "../types.ts";

/** Rooms the gateway asks for by key, batched into one query per request. */
export const resolveRoomReference = (app: RoomApp) => async ({ id }: { id: string }, ctx: RequestContext) => {
  const room = await loaderFor(ctx, "rooms", (ids) => app.reads.byIds(ids), (r) => r.id).load(id);
  return room && presentRoom(room);
};
