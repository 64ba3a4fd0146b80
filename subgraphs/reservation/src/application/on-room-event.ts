import type { DeliveredBy, EventHandlers } from "@airbnb/events";
import type { Sources } from "@airbnb/kernel";
import { cancelForDelisting } from "../domain/reservation.ts";
import { todayUtc } from "../domain/stay.ts";
import type { ReservationStore, RoomReplicaWriter } from "./ports.ts";
import { reservationEvent } from "./reservation-events.ts";

/**
 * Keeps the replica of what booking needs to know of rooms, from room events,
 * and runs the delisting: a deleted room's stays that have not begun are
 * cancelled by the host (refund, mileage and messages follow from their events).
 */
export function onRoomEvent(
  replicas: RoomReplicaWriter,
  reservations: ReservationStore,
  sources: Sources,
): EventHandlers<DeliveredBy<"room.>">> {
  return {
    RoomRegistered: (event) => {
      const { roomId: id, hostId, pricePerNight, capacity, version } = event.data;
      return replicas.apply({ kind: "snapshot", room: { id, hostId, pricePerNight, capacity, status: "LISTED", version } });
    },
    RoomModified: (event) => {
      const { roomId, pricePerNight, capacity, version } = event.data;
      return replicas.apply({ kind: "modified", roomId, changes: { pricePerNight, capacity }, version });
    },
    RoomDeleted: async (event) => {
      const now = sources.clock();
      await reservations.delistRoom(event.data.roomId, event.data.version, (confirmed) =>
        cancelForDelisting(confirmed, todayUtc(now), now).map((next) => ({ next, event: reservationEvent(next, event.id, sources) })),
      );
    },
  };
}
