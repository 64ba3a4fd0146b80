import { forbidden, isUuid, pageItems, pageOf, requireSignedIn, type Identity } from "@airbnb/kernel";

type PageArgs = { first?: number | null; after?: string | null };
import { canView, type Reservation, type ReservationStatus } from "../domain/reservation.ts";
import { nightsOf } from "../domain/stay.ts";
import type { ReservationStore, RoomReplicas } from "./ports.ts";

const visible = (reservation: Reservation | null) => (reservation && reservation.status !== "PENDING" ? reservation : null);

/** Reads, each with the contract's rule of who may see what. */
export class ReservationReads {
  constructor(private readonly reservations: ReservationStore, private readonly rooms: RoomReplicas) {}

  async reservation(identity: Identity | null, id: string): Promise<Reservation | null> {
    const caller = requireSignedIn(identity);
    const found = visible(isUuid(id) ? await this.reservations.find(id) : null);
    if (found && !canView(found, caller.userId)) throw forbidden("only its guest or the room's host may see a reservation");
    return found;
  }

  async mine(identity: Identity | null, page: PageArgs): Promise<Reservation[]> {
    const caller = requireSignedIn(identity);
    return pageItems(await this.reservations.listByGuest(caller.userId, pageOf("Query.myReservations", page, 50)));
  }

  /** For the entity resolver: the gateway asks by key, after the caller was authorized on the parent. */
  async byIds(ids: readonly string[]): Promise<Reservation[]> {
    return (await this.reservations.findMany(ids.filter(isUuid))).filter((r) => r.status !== "PENDING");
  }

  /** Room.reservations: the room's host only. */
  async ofRoom(identity: Identity | null, roomId: string, status: ReservationStatus | null, page: PageArgs): Promise<Reservation[]> {
    const caller = requireSignedIn(identity);
    const room = isUuid(roomId) ? await this.rooms.find(roomId) : null;
    if (room?.hostId !== caller.userId) throw forbidden("only the room's host may see its reservations");
    return pageItems(await this.reservations.listByRoom(roomId, status, pageOf("Room.reservations", page, 50)));
  }

  async isAvailable(roomId: string, checkIn: string, checkOut: string): Promise<boolean> {
    const stay = nightsOf(checkIn, checkOut);
    const room = isUuid(roomId) ? await this.rooms.find(roomId) : null;
    if (!room || room.status === "DELISTED") return false;
    return !(await this.reservations.overlaps(roomId, stay.checkIn, stay.checkOut));
  }
}
