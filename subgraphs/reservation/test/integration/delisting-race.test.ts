import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl, systemSources } from "@airbnb/config";
import { connectDatabase, dropDatabase, migrateContext, type Database, type OutboxRelay } from "@airbnb/db";
import { testEnv, waitFor } from "@airbnb/testkit";
import { reservationEvent } from "../../src/application/reservation-events.ts";
import { cancelForDelisting, confirm, requestReservation, type BookableRoom } from "../../src/domain/reservation.ts";
import { nightsOf } from "../../src/domain/stay.ts";
import { SqlReservationStore } from "../../src/infrastructure/sql-reservation-store.ts";
import { SqlRoomReplicas } from "../../src/infrastructure/sql-room-replicas.ts";

let db: Database;
let store: SqlReservationStore;
let replicas: SqlRoomReplicas;
// Nothing is published here: the relay is only kicked.
const relay = { kick: () => undefined } as unknown as OutboxRelay;
const now = new Date("2026-12-01T09:00:00Z");
const today = "2026-12-01";
const sources = systemSources();

beforeAll(async () => {
  const env = testEnv("reservation-race");
  await dropDatabase(databaseUrl("reservation", env));
  await migrateContext("reservation", env);
  db = connectDatabase(databaseUrl("reservation", env), 8);
  store = new SqlReservationStore(db, relay);
  replicas = new SqlRoomReplicas(db);
});

afterAll(async () => {
  await db?.close();
});

async function pendingStay(): Promise<ReturnType<typeof requestReservation>> {
  const room: BookableRoom = { id: randomUUID(), hostId: "host", pricePerNight: 1_000, capacity: 2, status: "LISTED", version: 1 };
  await replicas.apply({ kind: "snapshot", room });
  const pending = requestReservation(room, { id: randomUUID(), guestId: "guest", stay: nightsOf("2026-12-10", "2026-12-11"), guests: 1, idempotencyKey: null }, now);
  expect(await store.hold(pending)).toBe("held");
  return pending;
}

/** Some statement of this database is waiting for a lock. */
const lockWaits = async () =>
  (await db.query`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).length > 0;

const delist = (roomId: string) =>
  store.delistRoom(roomId, 2, (confirmed) => cancelForDelisting(confirmed, today, now).map((next) => ({ next, event: reservationEvent(next, "test", sources) })));

describe("a confirmation racing a delisting", () => {
  it("ends either cancelled by the host or never confirmed: no CONFIRMED stay of a DELISTED room, 100 races", async () => {
    const outcomes = { cancelledByHost: 0, refusedToConfirm: 0 };
    for (let round = 0; round < 100; round++) {
      const pending = await pendingStay();
      const confirmed = confirm(pending, randomUUID(), now);
      const [wasConfirmed] = await Promise.all([store.transition(confirmed, "PENDING", reservationEvent(confirmed, "test", sources)), delist(pending.roomId)]);
      const stored = await store.find(pending.id);
      expect(stored?.status).not.toBe("CONFIRMED");
      if (wasConfirmed) {
        expect(stored).toMatchObject({ status: "CANCELLED", cancelledBy: "HOST" });
        outcomes.cancelledByHost++;
      } else {
        expect(stored?.status).toBe("PENDING");
        outcomes.refusedToConfirm++;
      }
    }
    expect(outcomes.cancelledByHost + outcomes.refusedToConfirm).toBe(100);
  });

  it("makes a confirmation wait for a delisting that holds the room's row, then refuses it", async () => {
    const pending = await pendingStay();
    const confirmed = confirm(pending, randomUUID(), now);
    let confirming: Promise<boolean> | undefined;
    await db.transaction(async (tx) => {
      await tx.execute`UPDATE room_replicas SET status = 'DELISTED' WHERE id = ${pending.roomId}::uuid`;
      confirming = store.transition(confirmed, "PENDING", reservationEvent(confirmed, "test", sources));
      await waitFor(lockWaits, { what: "the confirmation waiting on the room's row" });
    });
    expect(await confirming).toBe(false);
    expect((await store.find(pending.id))?.status).toBe("PENDING");
  });

  it("makes a delisting wait for a confirmation in progress, then cancels what it confirmed", async () => {
    const pending = await pendingStay();
    let delisting: Promise<number> | undefined;
    await db.transaction(async (tx) => {
      await tx.query`SELECT 1 FROM room_replicas WHERE id = ${pending.roomId}::uuid FOR SHARE`;
      await tx.execute`UPDATE reservations SET status = 'CONFIRMED', payment_id = ${randomUUID()}::uuid WHERE id = ${pending.id}::uuid`;
      delisting = delist(pending.roomId);
      await waitFor(lockWaits, { what: "the delisting waiting on the room's row" });
    });
    expect(await delisting).toBe(1);
    expect(await store.find(pending.id)).toMatchObject({ status: "CANCELLED", cancelledBy: "HOST" });
  });

  it("is redone whole after a crash half way, and once: a second delivery cancels nothing more", async () => {
    const pending = await pendingStay();
    const confirmed = confirm(pending, randomUUID(), now);
    await store.transition(confirmed, "PENDING", reservationEvent(confirmed, "test", sources));
    await expect(store.delistRoom(pending.roomId, 2, () => { throw new Error("crash half way"); })).rejects.toThrow("crash half way");
    expect((await store.find(pending.id))?.status).toBe("CONFIRMED");
    expect(await replicas.find(pending.roomId)).toMatchObject({ status: "LISTED" });
    expect(await delist(pending.roomId)).toBe(1);
    expect(await delist(pending.roomId)).toBe(0);
    const events = await db.query<{ count: number }>`SELECT count(*)::int FROM outbox WHERE type = 'ReservationCancelled' AND payload->'data'->>'reservationId' = ${pending.id}`;
    expect(events).toEqual([{ count: 1 }]);
  });
});

describe("the room replica a booking writes what it read into", () => {
  it("skips a snapshot no newer than the row it knows (no row lock on the booking's path), writes a newer one", async () => {
    const room: BookableRoom = { id: randomUUID(), hostId: "host", pricePerNight: 1_000, capacity: 2, status: "LISTED", version: 1 };
    await replicas.apply({ kind: "snapshot", room });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.transaction(async (tx) => {
      await tx.query`SELECT 1 FROM room_replicas WHERE id = ${room.id}::uuid FOR UPDATE`;
      locked();
      await released;
    });
    await isLocked;
    await replicas.apply({ kind: "snapshot", room });
    const newer = replicas.apply({ kind: "snapshot", room: { ...room, pricePerNight: 1_200, version: 2 } });
    await waitFor(lockWaits, { what: "the newer snapshot waiting for the row" });
    release();
    await Promise.all([holder, newer]);
    expect(await replicas.find(room.id)).toMatchObject({ pricePerNight: 1_200, version: 2 });
  });
});
