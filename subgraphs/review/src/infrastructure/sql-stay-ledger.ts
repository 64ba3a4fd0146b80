import { handleOnce, type Database } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { StayLedger } from "../application/ports.ts";
import type { KnownRoomStatus, StayChange } from "../domain/stay.ts";

export class SqlStayLedger implements StayLedger {
  constructor(private readonly db: Database) {}

  async record(event: DomainEvent, change: StayChange): Promise<void> {
    const { reservationId, roomId, guestId, checkIn, checkOut, status } = change.stay;
    // The stay ledger publishes nothing: no relay to kick.
    await handleOnce(this.db, undefined, "review", event, async (tx) => {
      switch (change.type) {
        case "StayConfirmed":
          // A stay already known (even as CANCELLED, which is final) stays as it is.
          await tx.execute`
            INSERT INTO stays (reservation_id, room_id, guest_id, check_in, check_out, status)
            VALUES (${reservationId}, ${roomId}, ${guestId}, ${checkIn}::date, ${checkOut}::date, ${status}::"StayStatus")
            ON CONFLICT DO NOTHING`;
          return;
        case "StayCancelled":
          await tx.execute`
            INSERT INTO stays (reservation_id, room_id, guest_id, check_in, check_out, status)
            VALUES (${reservationId}, ${roomId}, ${guestId}, ${checkIn}::date, ${checkOut}::date, ${status}::"StayStatus")
            ON CONFLICT (reservation_id) DO UPDATE SET status = 'CANCELLED'`;
          return;
        default: {
          const unknown: never = change;
          throw new Error(`unhandled stay change ${JSON.stringify(unknown)}`);
        }
      }
    });
  }

  /** Order-proof: delisting is final, so a late registration changes nothing. */
  async recordRoom(event: DomainEvent, roomId: string, status: KnownRoomStatus): Promise<void> {
    await handleOnce(this.db, undefined, "review", event, async (tx) => {
      await tx.execute`
        INSERT INTO known_rooms (room_id, status) VALUES (${roomId}, ${status}::"KnownRoomStatus")
        ON CONFLICT (room_id) DO UPDATE SET status = 'DELISTED' WHERE EXCLUDED.status = 'DELISTED'`;
    });
  }
}
