import type { DomainEvent } from "@airbnb/events";
import type { Page } from "@airbnb/kernel";
import type { Room, RoomChange } from "../domain/room.ts";

export interface RoomQueries {
  find(id: string): Promise<Room | null>;
  findMany(ids: readonly string[]): Promise<Room[]>;
  /** Newest first (created_at, then id); null when `page.after` is no room of this list. */
  listListed(city: string | undefined, page: Page): Promise<Room[] | null>;
}

/**
 * Persists a change and its event in one transaction. `expectedVersion`
 * guards against a concurrent change: false means it lost the race.
 */
export interface RoomStore extends RoomQueries {
  save(change: RoomChange, expectedVersion: number | null, event: DomainEvent): Promise<boolean>;
}
