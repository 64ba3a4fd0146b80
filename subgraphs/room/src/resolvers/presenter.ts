import type { Room } from "../domain/room.ts";

/** The Room as the schema shows it. */
export const presentRoom = (room: Room) => ({
  __typename: "Room" as const,
  id: room.id,
  hostId: room.hostId,
  name: room.name,
  description: room.description,
  city: room.city,
  pricePerNight: room.pricePerNight,
  capacity: room.capacity,
  status: room.status,
  createdAt: room.createdAt.toISOString(),
  updatedAt: room.updatedAt.toISOString(),
});
