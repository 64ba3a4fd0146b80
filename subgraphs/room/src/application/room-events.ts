import { createEvent, type DomainEvent } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import type { RoomChange } from "../domain/room.ts";

/** The integration event for a room change; room flows correlate by room id. */
export function roomEvent(change: RoomChange, requestId: string, sources: Sources): DomainEvent {
  const { room } = change;
  const origin = { correlationId: room.id, causationId: requestId };
  const keys = { roomId: room.id, hostId: room.hostId, version: room.version };
  switch (change.type) {
    case "RoomRegistered": {
      const { name, description, city, pricePerNight, capacity } = room;
      return createEvent("RoomRegistered", { ...keys, name, description, city, pricePerNight, capacity }, origin, sources);
    }
    case "RoomModified":
      return createEvent("RoomModified", { ...keys, ...change.changed }, origin, sources);
    case "RoomDeleted":
      return createEvent("RoomDeleted", keys, origin, sources);
    default: {
      const unknown: never = change;
      throw new Error(`unhandled room change ${JSON.stringify(unknown)}`);
    }
  }
}
