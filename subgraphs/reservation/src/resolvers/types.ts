import type { CancelReservation } from "../application/cancel-reservation.ts";
import type { ReservationReads } from "../application/reservation-reads.ts";
import type { ReserveRoom } from "../application/reserve-room.ts";

export interface ReservationApp {
  reserveRoom: ReserveRoom;
  cancelReservation: CancelReservation;
  reads: ReservationReads;
}
