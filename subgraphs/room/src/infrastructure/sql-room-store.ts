import { appendToOutbox, type Database, type OutboxRelay } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { Page } from "@airbnb/kernel";
import type { RoomStore } from "../application/ports.ts";
import type { Room, RoomChange } from "../domain/room.ts";

export class SqlRoomStore implements RoomStore {
  constructor(private readonly db: Database, private readonly relay: OutboxRelay) {}

  async find(id: string): Promise<Room | null> {
    const [row] = await this.db.query<Room>`SELECT * FROM rooms WHERE id = ${id}::uuid`;
    return row ?? null;
  }

  findMany(ids: readonly string[]): Promise<Room[]> {
    return this.db.query<Room>`SELECT * FROM rooms WHERE id = ANY(${ids}::uuid[])`;
  }

  // Keyset pages: (created_at, id) is a total order, so a page never repeats or skips a row.
  async listListed(city: string | undefined, { first, after }: Page): Promise<Room[] | null> {
    const c = city ?? null;
    const rows = await this.db.query<Room>`
      SELECT * FROM rooms WHERE status = 'LISTED' AND (${c}::text IS NULL OR city = ${c})
        AND (${after}::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM rooms WHERE id = ${after}::uuid))
      ORDER BY created_at DESC, id DESC LIMIT ${first}`;
    if (after === null || rows.length > 0) return rows;
    const [cursor] = await this.db.query`SELECT 1 FROM rooms WHERE id = ${after}::uuid AND status = 'LISTED' AND (${c}::text IS NULL OR city = ${c})`;
    return cursor ? rows : null;
  }

  async save(change: RoomChange, expectedVersion: number | null, event: DomainEvent): Promise<boolean> {
    const { id, hostId, name, description, city, pricePerNight, capacity, status, version, createdAt, updatedAt } = change.room;
    const saved = await this.db.transaction(async (tx) => {
      if (expectedVersion === null) {
        await tx.execute`
          INSERT INTO rooms (id, host_id, name, description, city, price_per_night, capacity, status, version, created_at, updated_at)
          VALUES (${id}::uuid, ${hostId}, ${name}, ${description}, ${city}, ${pricePerNight}::int, ${capacity}::int,
            ${status}::"RoomStatus", ${version}::int, ${createdAt}::timestamptz, ${updatedAt}::timestamptz)`;
      } else {
        const updated = await tx.execute`
          UPDATE rooms SET host_id = ${hostId}, name = ${name}, description = ${description}, city = ${city},
            price_per_night = ${pricePerNight}::int, capacity = ${capacity}::int, status = ${status}::"RoomStatus",
            version = ${version}::int, created_at = ${createdAt}::timestamptz, updated_at = ${updatedAt}::timestamptz
          WHERE id = ${id}::uuid AND version = ${expectedVersion}::int`;
        if (updated === 0) return false;
      }
      await appendToOutbox(tx, [event]);
      return true;
    });
    if (saved) this.relay.kick();
    return saved;
  }
}
