import type { BookableRoom } from "../domain/reservation.ts";
import { RoomsUnavailableError, type RoomDirectory, type RoomLookup, type RoomReplicaWriter } from "./ports.ts";

/**
 * The room a booking goes by: as the room context says it is now, so a booking
 * that starts after a modifyRoom or deleteRoom returned sees that change. What
 * it read is written into the replica (a newer version only), so the replica
 * row a confirmation checks exists and is never older than what was booked on.
 * When the room context cannot answer in time, the replica's last version
 * (`fallback`) decides: the room context being down never stops a booking.
 */
export function currentRoom(
  directory: RoomDirectory,
  replicas: RoomReplicaWriter,
  fallback: RoomLookup,
  onUnavailable: (error: RoomsUnavailableError) => void = () => {},
): RoomLookup {
  return async (roomId: string): Promise<BookableRoom | null> => {
    let room: BookableRoom | null;
    try {
      room = await directory.find(roomId);
    } catch (error) {
      if (!(error instanceof RoomsUnavailableError)) throw error;
      onUnavailable(error);
      return fallback(roomId);
    }
    if (room) await replicas.apply({ kind: "snapshot", room });
    return room;
  };
}
