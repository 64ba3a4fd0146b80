import { DomainError, forbidden } from "@airbnb/kernel";

export type RoomStatus = "LISTED" | "DELISTED";

export interface RoomDetails {
  name: string;
  description: string;
  city: string;
  pricePerNight: number;
  capacity: number;
}

export interface Room extends RoomDetails {
  id: string;
  hostId: string;
  status: RoomStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What happened to a room, as the domain sees it. */
export type RoomChange =
  | { type: "RoomRegistered"; room: Room }
  | { type: "RoomModified"; room: Room; changed: Partial<RoomDetails> }
  | { type: "RoomDeleted"; room: Room };

export function registerRoom(id: string, hostId: string, details: RoomDetails, now: Date): RoomChange & { type: "RoomRegistered" } {
  return { type: "RoomRegistered", room: { id, hostId, ...details, status: "LISTED", version: 1, createdAt: now, updatedAt: now } };
}

function assertManagedBy(room: Room, hostId: string): void {
  if (room.hostId !== hostId) throw forbidden("a host may change only their own rooms");
  if (room.status === "DELISTED") throw new DomainError("NOT_FOUND", "room not found: it was deleted");
}

export function modifyRoom(room: Room, hostId: string, changes: Partial<RoomDetails>, now: Date): RoomChange & { type: "RoomModified" } {
  assertManagedBy(room, hostId);
  const changed = Object.fromEntries(
    Object.entries(changes).filter(([key, value]) => value !== undefined && room[key as keyof RoomDetails] !== value),
  ) as Partial<RoomDetails>;
  return { type: "RoomModified", room: { ...room, ...changed, version: room.version + 1, updatedAt: now }, changed };
}

export function deleteRoom(room: Room, hostId: string, now: Date): RoomChange & { type: "RoomDeleted" } {
  assertManagedBy(room, hostId);
  return { type: "RoomDeleted", room: { ...room, status: "DELISTED", version: room.version + 1, updatedAt: now } };
}
