import type { RoomReplicaChange, RoomReplicas, RoomReplicaWriter } from "../application/ports.ts";
import type { BookableRoom } from "../domain/reservation.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";

const select = { id: true, hostId: true, pricePerNight: true, capacity: true, status: true } as const;

export class PrismaRoomReplicas implements RoomReplicas, RoomReplicaWriter {
  constructor(private readonly db: PrismaClient) {}

  find(roomId: string): Promise<BookableRoom | null> {
    return this.db.roomReplica.findUnique({ where: { id: roomId }, select });
  }

  findMany(roomIds: readonly string[]): Promise<BookableRoom[]> {
    return this.db.roomReplica.findMany({ where: { id: { in: [...roomIds] } }, select });
  }

  async apply(change: RoomReplicaChange): Promise<void> {
    if (change.kind === "registered") {
      const { room, version } = change;
      // Idempotent and order-proof: only a newer version overwrites.
      await this.db.$executeRaw`
        INSERT INTO room_replicas (id, host_id, price_per_night, capacity, status, version)
        VALUES (${room.id}::uuid, ${room.hostId}, ${room.pricePerNight}, ${room.capacity}, ${room.status}::"RoomStatus", ${version})
        ON CONFLICT (id) DO UPDATE SET host_id = EXCLUDED.host_id, price_per_night = EXCLUDED.price_per_night,
          capacity = EXCLUDED.capacity, status = EXCLUDED.status, version = EXCLUDED.version
        WHERE room_replicas.version < EXCLUDED.version`;
      return;
    }
    const changes = Object.fromEntries(Object.entries(change.changes).filter(([, value]) => value !== undefined));
    const { count } = await this.db.roomReplica.updateMany({ where: { id: change.roomId, version: { lt: change.version } }, data: { ...changes, version: change.version } });
    if (count === 0 && !(await this.db.roomReplica.findUnique({ where: { id: change.roomId }, select: { id: true } }))) {
      // Its registration has not been applied yet; fail so the event is redelivered after it.
      throw new Error(`room ${change.roomId} changed before its registration was seen`);
    }
  }
}
