import type { DomainEvent } from "@airbnb/events";
import type { RoomReplicaWriter } from "./ports.ts";

/** Keeps the replica of what booking needs to know of rooms, from room events alone. */
export function onRoomEvent(replicas: RoomReplicaWriter) {
  return async (event: DomainEvent): Promise<void> => {
    switch (event.type) {
      case "RoomRegistered": {
        const { roomId: id, hostId, pricePerNight, capacity, version } = event.data;
        return replicas.apply({ kind: "registered", room: { id, hostId, pricePerNight, capacity, status: "LISTED" }, version });
      }
      case "RoomModified": {
        const { roomId, pricePerNight, capacity, version } = event.data;
        return replicas.apply({ kind: "modified", roomId, changes: { pricePerNight, capacity }, version });
      }
      case "RoomDeleted":
        return replicas.apply({ kind: "modified", roomId: event.data.roomId, changes: { status: "DELISTED" }, version: event.data.version });
      default:
        return;
    }
  };
}
