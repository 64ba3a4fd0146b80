import type { DomainEvent } from "@airbnb/events";
import type { Room, RoomChange } from "../domain/room.ts";

export interface RoomQueries {
  find(id: string): Promise<Room | null>;
  findMany(ids: readonly string[]): Promise<Room[]>;
  listListed(city: string | undefined, first: number): Promise<Room[]>;
}

/**
 * Persists a change and its event in one transaction. `expectedVersion`
 * guards against a concurrent change: false means it lost the race.
 */
export interface RoomStore extends RoomQueries {
  save(change: RoomChange, expectedVersion: number | null, event: DomainEvent): Promise<boolean>;
}
