import type { Database } from "@airbnb/db";
import type { RoomReplicaChange, RoomReplicas, RoomReplicaWriter } from "../application/ports.ts";
import type { BookableRoom } from "../domain/reservation.ts";

/** Rooms remembered at once; beyond it the memory starts over (a miss only costs the upsert). */
const REMEMBERED_ROOMS = 10_000;

export class SqlRoomReplicas implements RoomReplicas, RoomReplicaWriter {
  /**
   * The version each room's row is known to have at least: a row's version only
   * grows, so a snapshot no newer than that would write nothing. Every booking
   * applies the snapshot it read; this spares most of them the upsert (a row
   * lock and a round trip on the booking's path).
   */
  private readonly atLeast = new Map<string, number>();

  constructor(private readonly db: Database) {}

  async find(roomId: string): Promise<BookableRoom | null> {
    const [room] = await this.db.query<BookableRoom>`
      SELECT id, host_id, price_per_night, capacity, status, version FROM room_replicas WHERE id = ${roomId}::uuid`;
    return room ?? null;
  }

  findMany(roomIds: readonly string[]): Promise<BookableRoom[]> {
    return this.db.query<BookableRoom>`
      SELECT id, host_id, price_per_night, capacity, status, version FROM room_replicas WHERE id = ANY(${roomIds}::uuid[])`;
  }

  /** Idempotent and order-proof: only a newer version overwrites. */
  async apply(change: RoomReplicaChange): Promise<void> {
    if (change.kind === "snapshot") {
      const { room } = change;
      const known = this.atLeast.get(room.id);
      if (known !== undefined && known >= room.version) return;
      await this.db.execute`
        INSERT INTO room_replicas (id, host_id, price_per_night, capacity, status, version)
        VALUES (${room.id}::uuid, ${room.hostId}, ${room.pricePerNight}, ${room.capacity}, ${room.status}::"RoomStatus", ${room.version})
        ON CONFLICT (id) DO UPDATE SET host_id = EXCLUDED.host_id, price_per_night = EXCLUDED.price_per_night,
          capacity = EXCLUDED.capacity, status = EXCLUDED.status, version = EXCLUDED.version
        WHERE room_replicas.version < EXCLUDED.version`;
      // Known once committed: a consumer's batch that rolls back wrote nothing.
      this.db.afterCommit(() => {
        if (this.atLeast.size >= REMEMBERED_ROOMS) this.atLeast.clear();
        this.atLeast.set(room.id, Math.max(room.version, this.atLeast.get(room.id) ?? room.version));
      });
      return;
    }
    const { pricePerNight = null, capacity = null } = change.changes;
    // The update runs whether or not the select reads it; the select sees the row as it was before.
    const [known] = await this.db.query`
      WITH updated AS (
        UPDATE room_replicas SET price_per_night = COALESCE(${pricePerNight}::int, price_per_night),
          capacity = COALESCE(${capacity}::int, capacity), version = ${change.version}
        WHERE id = ${change.roomId}::uuid AND version < ${change.version}
        RETURNING id)
      SELECT 1 FROM room_replicas WHERE id = ${change.roomId}::uuid`;
    if (!known) {
      // Its registration has not been applied yet; fail so the event is redelivered after it.
      throw new Error(`room ${change.roomId} changed before its registration was seen`);
    }
  }
}
