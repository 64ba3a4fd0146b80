import { isUuid, notFound, parseInput, requireRole, type CommandContext, type Sources } from "@airbnb/kernel";
import { deleteRoom, modifyRoom, registerRoom, type Room, type RoomChange } from "../domain/room.ts";
import type { RoomStore } from "./ports.ts";
import { roomEvent } from "./room-events.ts";
import { roomChangesSchema, roomDetailsSchema } from "./room-input.ts";

/** The host's commands on rooms: validate, decide in the domain, persist with the event. */
export class RoomCommands {
  constructor(private readonly store: RoomStore, private readonly sources: Sources) {}

  async register(ctx: CommandContext, input: unknown): Promise<Room> {
    const host = requireRole(ctx.identity, "host");
    const details = parseInput(roomDetailsSchema, input);
    const change = registerRoom(this.sources.newId(), host.userId, details, this.sources.clock());
    await this.store.save(change, null, roomEvent(change, ctx.requestId, this.sources));
    return change.room;
  }

  modify(ctx: CommandContext, id: string, input: unknown): Promise<Room> {
    const host = requireRole(ctx.identity, "host");
    const changes = parseInput(roomChangesSchema, input);
    return this.change(ctx, id, (room) => modifyRoom(room, host.userId, dropNulls(changes), this.sources.clock()));
  }

  delete(ctx: CommandContext, id: string): Promise<Room> {
    const host = requireRole(ctx.identity, "host");
    return this.change(ctx, id, (room) => deleteRoom(room, host.userId, this.sources.clock()));
  }

  /** Optimistic concurrency: re-read and re-decide when another change won the race. */
  private async change(ctx: CommandContext, roomId: string, decide: (room: Room) => RoomChange): Promise<Room> {
    for (let attempt = 0; ; attempt++) {
      const room = isUuid(roomId) ? await this.store.find(roomId) : null;
      if (!room) throw notFound("room");
      const change = decide(room);
      if (await this.store.save(change, room.version, roomEvent(change, ctx.requestId, this.sources))) return change.room;
      if (attempt >= 5) throw new Error(`room ${roomId} kept changing under concurrent writes`);
    }
  }
}

const dropNulls = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as { [K in keyof T]?: NonNullable<T[K]> };
