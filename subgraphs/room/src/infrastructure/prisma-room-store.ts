import { appendToOutbox, type OutboxRelay } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { RoomStore } from "../application/ports.ts";
import type { Room, RoomChange } from "../domain/room.ts";
import type { PrismaClient, Room as RoomRow } from "./generated/prisma/client.ts";

const toRoom = (row: RoomRow): Room => ({ ...row });

export class PrismaRoomStore implements RoomStore {
  constructor(private readonly db: PrismaClient, private readonly relay: OutboxRelay) {}

  async find(id: string): Promise<Room | null> {
    const row = await this.db.room.findUnique({ where: { id } });
    return row && toRoom(row);
  }

  async findMany(ids: readonly string[]): Promise<Room[]> {
    return (await this.db.room.findMany({ where: { id: { in: [...ids] } } })).map(toRoom);
  }

  async listListed(city: string | undefined, first: number): Promise<Room[]> {
    const rows = await this.db.room.findMany({
      where: { status: "LISTED", ...(city === undefined ? {} : { city }) },
      orderBy: { createdAt: "desc" },
      take: first,
    });
    return rows.map(toRoom);
  }

  async save(change: RoomChange, expectedVersion: number | null, event: DomainEvent): Promise<boolean> {
    const { id, ...fields } = change.room;
    const saved = await this.db.$transaction(async (tx) => {
      if (expectedVersion === null) {
        await tx.room.create({ data: change.room });
      } else {
        const { count } = await tx.room.updateMany({ where: { id, version: expectedVersion }, data: fields });
        if (count === 0) return false;
      }
      await appendToOutbox(tx, [event]);
      return true;
    });
    if (saved) this.relay.kick();
    return saved;
  }
}
