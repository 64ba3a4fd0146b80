import { appendToOutbox, EXCLUSION_VIOLATION, postgresErrorCode, UNIQUE_VIOLATION, type OutboxRelay } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { HoldOutcome, ReservationStore } from "../application/ports.ts";
import type { Reservation, ReservationStatus } from "../domain/reservation.ts";
import type { PrismaClient, Reservation as Row } from "./generated/prisma/client.ts";

const day = (value: string) => new Date(`${value}T00:00:00Z`);
const isoDay = (value: Date) => value.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

function toReservation(row: Row): Reservation {
  return {
    ...row,
    checkIn: isoDay(row.checkIn),
    checkOut: isoDay(row.checkOut),
    nights: Math.round((row.checkOut.getTime() - row.checkIn.getTime()) / DAY_MS),
  };
}

function toRow(reservation: Reservation): Row {
  const { nights: _derived, ...fields } = reservation;
  return { ...fields, checkIn: day(reservation.checkIn), checkOut: day(reservation.checkOut) };
}

export class PrismaReservationStore implements ReservationStore {
  constructor(private readonly db: PrismaClient, private readonly relay: OutboxRelay) {}

  async find(id: string): Promise<Reservation | null> {
    const row = await this.db.reservation.findUnique({ where: { id } });
    return row && toReservation(row);
  }

  async findMany(ids: readonly string[]): Promise<Reservation[]> {
    return (await this.db.reservation.findMany({ where: { id: { in: [...ids] } } })).map(toReservation);
  }

  async findByIdempotencyKey(guestId: string, idempotencyKey: string): Promise<Reservation | null> {
    const row = await this.db.reservation.findUnique({ where: { guestId_idempotencyKey: { guestId, idempotencyKey } } });
    return row && toReservation(row);
  }

  async listByGuest(guestId: string): Promise<Reservation[]> {
    return (await this.db.reservation.findMany({ where: { guestId }, orderBy: { createdAt: "desc" }, take: 500 })).map(toReservation);
  }

  async listByRooms(roomIds: readonly string[], status: ReservationStatus | null): Promise<Reservation[]> {
    const rows = await this.db.reservation.findMany({
      where: { roomId: { in: [...roomIds] }, ...(status ? { status } : {}) },
      orderBy: { checkIn: "asc" },
    });
    return rows.map(toReservation);
  }

  async overlaps(roomId: string, checkIn: string, checkOut: string): Promise<boolean> {
    const found = await this.db.reservation.findFirst({
      where: { roomId, status: { in: ["PENDING", "CONFIRMED"] }, checkIn: { lt: day(checkOut) }, checkOut: { gt: day(checkIn) } },
      select: { id: true },
    });
    return found !== null;
  }

  async hold(reservation: Reservation): Promise<HoldOutcome> {
    try {
      await this.db.reservation.create({ data: toRow(reservation) });
      return "held";
    } catch (error) {
      const code = postgresErrorCode(error);
      if (code === EXCLUSION_VIOLATION) return "nights-taken";
      if (code === UNIQUE_VIOLATION) return "duplicate-key";
      throw error;
    }
  }

  async releaseAbandoned(before: Date, decide: (pending: Reservation) => { next: Reservation; event: DomainEvent }): Promise<number> {
    const released = await this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id::text AS id FROM reservations
        WHERE status = 'PENDING' AND created_at < ${before} LIMIT 100 FOR UPDATE SKIP LOCKED`;
      for (const { id } of rows) {
        const { next, event } = decide(toReservation(await tx.reservation.findUniqueOrThrow({ where: { id } })));
        await tx.reservation.update({ where: { id }, data: { status: next.status, rejectionReason: next.rejectionReason, updatedAt: next.updatedAt } });
        await appendToOutbox(tx, [event]);
      }
      return rows.length;
    });
    if (released > 0) this.relay.kick();
    return released;
  }

  async transition(next: Reservation, from: ReservationStatus, event: DomainEvent, releaseKey = false): Promise<boolean> {
    const moved = await this.db.$transaction(async (tx) => {
      const { count } = await tx.reservation.updateMany({
        where: { id: next.id, status: from },
        data: {
          status: next.status,
          paymentId: next.paymentId,
          rejectionReason: next.rejectionReason,
          updatedAt: next.updatedAt,
          ...(releaseKey ? { idempotencyKey: null } : {}),
        },
      });
      if (count === 0) return false;
      await appendToOutbox(tx, [event]);
      return true;
    });
    if (moved) this.relay.kick();
    return moved;
  }
}
