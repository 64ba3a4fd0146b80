import type { DomainEvent } from "@airbnb/events";
import type { Page } from "@airbnb/kernel";
import type { RoomStore } from "../../src/application/ports.ts";
import type { Room, RoomChange } from "../../src/domain/room.ts";

/** The room store with the database's guarantees: a change saves only over the version it was decided on, with its event. */
export class InMemoryRooms implements RoomStore {
  readonly rooms = new Map<string, Room>();
  readonly published: DomainEvent[] = [];
  /** Runs once before the next save: another request's change landing first. */
  interleave: (() => Promise<unknown>) | null = null;

  async find(id: string) {
    return this.rooms.get(id) ?? null;
  }
  async findMany(ids: readonly string[]) {
    return ids.flatMap((id) => this.rooms.get(id) ?? []);
  }
  async listListed(city: string | undefined, page: Page) {
    const listed = [...this.rooms.values()].filter((r) => r.status === "LISTED" && (city === undefined || r.city === city)).reverse();
    const start = page.after === null ? 0 : listed.findIndex((r) => r.id === page.after) + 1;
    return start === 0 && page.after !== null ? null : listed.slice(start, start + page.first);
  }
  async save(change: RoomChange, expectedVersion: number | null, event: DomainEvent) {
    const first = this.interleave;
    this.interleave = null;
    await first?.();
    const stored = this.rooms.get(change.room.id);
    if (expectedVersion === null ? stored : stored?.version !== expectedVersion) return false;
    this.rooms.set(change.room.id, change.room);
    this.published.push(event);
    return true;
  }

  /** The room as its past events left it. */
  given(event: DomainEvent): void {
    const at = new Date(event.occurredAt);
    switch (event.type) {
      case "RoomRegistered": {
        const { roomId: id, hostId, version, name, description, city, pricePerNight, capacity } = event.data;
        this.rooms.set(id, { id, hostId, name, description, city, pricePerNight, capacity, status: "LISTED", version, createdAt: at, updatedAt: at });
        return;
      }
      case "RoomModified": {
        const { roomId, hostId: _host, ...changes } = event.data;
        this.rooms.set(roomId, { ...this.rooms.get(roomId)!, ...changes, updatedAt: at });
        return;
      }
      case "RoomDeleted":
        this.rooms.set(event.data.roomId, { ...this.rooms.get(event.data.roomId)!, status: "DELISTED", version: event.data.version, updatedAt: at });
        return;
      default:
        throw new Error(`the room store is not given ${event.type}`);
    }
  }
}
