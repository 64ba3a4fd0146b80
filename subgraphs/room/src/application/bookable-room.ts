import { z } from "zod";
import { parseInput } from "@airbnb/kernel";
import type { RoomReads } from "./queries.ts";

const requestSchema = z.object({ roomId: z.string() });

/** What the reservation context books against, read now (`POST /internal/bookable-room`); null for an unknown room. */
export async function bookableRoom(reads: RoomReads, body: unknown) {
  const { roomId } = parseInput(requestSchema, body);
  const room = await reads.room(roomId);
  return { room: room && { id: room.id, hostId: room.hostId, pricePerNight: room.pricePerNight, capacity: room.capacity, status: room.status, version: room.version } };
}
