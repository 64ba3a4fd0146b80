import type { Database } from "@airbnb/db";
import type { RoomReplicaChange, RoomReplicas, RoomReplicaWriter } from "../application/ports.ts";
import type { BookableRoom } from "../domain/reservation.ts";

export class SqlRoomReplicas implements RoomReplicas, RoomReplicaWriter {
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
      await this.db.execute`
        INSERT INTO room_replicas (id, host_id, price_per_night, capacity, status, version)
        VALUES (${room.id}::uuid, ${room.hostId}, ${room.pricePerNight}, ${room.capacity}, ${room.status}::"RoomStatus", ${room.version})
        ON CONFLICT (id) DO UPDATE SET host_id = EXCLUDED.host_id, price_per_night = EXCLUDED.price_per_night,
          capacity = EXCLUDED.capacity, status = EXCLUDED.status, version = EXCLUDED.version
        WHERE room_replicas.version < EXCLUDED.version`;
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
