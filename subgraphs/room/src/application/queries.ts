import { isUuid, pageItems, pageOf } from "@airbnb/kernel";
import type { Room } from "../domain/room.ts";
import type { RoomQueries } from "./ports.ts";

/** Reads anyone may make. */
export class RoomReads {
  constructor(private readonly store: RoomQueries) {}

  room(id: string): Promise<Room | null> {
    return isUuid(id) ? this.store.find(id) : Promise.resolve(null);
  }

  async rooms(city: string | null | undefined, page: { first?: number | null; after?: string | null }): Promise<Room[]> {
    return pageItems(await this.store.listListed(city ?? undefined, pageOf("Query.rooms", page, 50)));
  }

  byIds(ids: readonly string[]): Promise<Room[]> {
    return this.store.findMany(ids.filter(isUuid));
  }
}
