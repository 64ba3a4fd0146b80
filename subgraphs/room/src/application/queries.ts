import { isUuid } from "@airbnb/kernel";
import type { Room } from "../domain/room.ts";
import type { RoomQueries } from "./ports.ts";

/** Reads anyone may make. */
export class RoomReads {
  constructor(private readonly store: RoomQueries) {}

  room(id: string): Promise<Room | null> {
    return isUuid(id) ? this.store.find(id) : Promise.resolve(null);
  }

  rooms(city: string | null | undefined, first: number | null | undefined): Promise<Room[]> {
    return this.store.listListed(city ?? undefined, Math.min(Math.max(first ?? 50, 0), 200));
  }

  byIds(ids: readonly string[]): Promise<Room[]> {
    return this.store.findMany(ids.filter(isUuid));
  }
}
