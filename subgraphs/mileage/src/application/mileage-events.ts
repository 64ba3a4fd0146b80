import { createEvent, type DomainEvent } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import type { MileageEntry } from "../domain/mileage.ts";

/** The integration event for a new entry; its points are a magnitude (the catalog's rule), its type tells the direction. */
export function mileageEvent(entry: MileageEntry, cause: DomainEvent, sources: Sources): DomainEvent {
  const origin = { correlationId: cause.correlationId, causationId: cause.id };
  const data = { entryId: entry.id, guestId: entry.guestId, reservationId: entry.reservationId, roomId: entry.roomId, points: Math.abs(entry.points) };
  switch (entry.kind) {
    case "EARNED":
      return createEvent("MileageEarned", data, origin, sources);
    case "DEDUCTED":
      return createEvent("MileageDeducted", data, origin, sources);
    default: {
      const unknown: never = entry.kind;
      throw new Error(`unhandled mileage kind ${String(unknown)}`);
    }
  }
}
