import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "@airbnb/config";
import { connectDatabase, dropDatabase, migrateContext, type Database, type OutboxRelay } from "@airbnb/db";
import { DomainError } from "@airbnb/kernel";
import { AdmissionControl } from "@airbnb/service";
import { testEnv, waitFor } from "@airbnb/testkit";
import type { ChargeOutcome, PaymentGateway } from "../../src/application/ports.ts";
import { ReserveRoom } from "../../src/application/reserve-room.ts";
import type { BookableRoom } from "../../src/domain/reservation.ts";
import { pollDecision } from "../../src/infrastructure/poll-decision.ts";
import { SqlReservationStore } from "../../src/infrastructure/sql-reservation-store.ts";
import { SqlRoomReplicas } from "../../src/infrastructure/sql-room-replicas.ts";

let db: Database;
const relay = { kick: () => undefined } as unknown as OutboxRelay;
const now = new Date("2026-12-01T09:00:00Z");
const night = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

/** Payment that answers only when the test lets it: the admitted bookings stay in flight meanwhile. */
class HeldPayments implements PaymentGateway {
  readonly available = true;
  readonly retryAfterSeconds = 2;
  readonly charged: string[] = [];
  private release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));
  async charge(request: { reservationId: string }): Promise<ChargeOutcome> {
    this.charged.push(request.reservationId);
    await this.released;
    return { paymentId: randomUUID(), status: "APPROVED", reason: null };
  }
  answer(): void {
    this.release();
  }
}

beforeAll(async () => {
  const env = testEnv("reservation-admission");
  await dropDatabase(databaseUrl("reservation", env));
  await migrateContext("reservation", env);
  db = connectDatabase(databaseUrl("reservation", env), 8);
});

afterAll(async () => {
  await db?.close();
});

describe("a flood of bookings past the admission bounds", () => {
  it("is refused at once with OVERLOADED and retryAfterSeconds, holding and charging nothing; the admitted ones are booked", async () => {
    const room: BookableRoom = { id: randomUUID(), hostId: "host", pricePerNight: 1_000, capacity: 2, status: "LISTED", version: 1 };
    const replicas = new SqlRoomReplicas(db);
    await replicas.apply({ kind: "snapshot", room });
    const payments = new HeldPayments();
    const admission = new AdmissionControl({ refusal: "too many bookings", maxInFlight: 4, maxQueue: 4, maxWaitMs: 60_000 });
    const store = new SqlReservationStore(db, relay);
    const reserveRoom = new ReserveRoom(store, async () => room, payments, pollDecision(store), { clock: () => now, newId: randomUUID }, admission);
    const guest = { identity: { userId: "guest", roles: ["guest"] as const }, requestId: "flood" };

    const attempts = Array.from({ length: 100 }, (_, i) =>
      reserveRoom.execute(guest, { roomId: room.id, checkIn: night(10 + i), checkOut: night(11 + i), guests: 1 }).then(
        (reservation) => ({ reservation }),
        (error: unknown) => ({ error }),
      ));
    // While the admitted bookings wait for payment, everything past the bounds has its answer.
    await waitFor(() => payments.charged.length === 4, { what: "four bookings at payment" });
    const early = await Promise.race([Promise.all(attempts.slice(8)), new Promise((resolve) => setTimeout(resolve, 1_000, "late"))]);
    expect(early).not.toBe("late");
    const refusals = early as Array<{ error?: unknown }>;
    for (const { error } of refusals) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: "OVERLOADED", details: { retryAfterSeconds: expect.any(Number) } });
    }
    expect(admission.queued).toBe(4);

    payments.answer();
    const admitted = await Promise.all(attempts.slice(0, 8));
    expect(admitted.map((a) => ("reservation" in a ? a.reservation.status : a.error))).toEqual(Array(8).fill("CONFIRMED"));
    expect(await db.query`SELECT count(*)::int FROM reservations WHERE room_id = ${room.id}::uuid`).toEqual([{ count: 8 }]);
    expect(payments.charged).toHaveLength(8);
  });
});
