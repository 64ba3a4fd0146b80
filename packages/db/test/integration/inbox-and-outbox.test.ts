import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "@airbnb/config";
import type { DomainEvent } from "@airbnb/events";
import type { EventBus } from "@airbnb/nats";
import { createLogger } from "@airbnb/observability";
import { testEnv } from "@airbnb/testkit";
import { appendToOutbox, claimAhead, connectDatabase, dropDatabase, handleOnce, migrateContext, OutboxRelay, type Database } from "../../src/index.ts";

// Any context's database has the inbox and the outbox.
const env = testEnv("db-inbox-outbox");
let db: Database;

beforeAll(async () => {
  await dropDatabase(databaseUrl("mileage", env));
  await migrateContext("mileage", env);
  db = connectDatabase(databaseUrl("mileage", env), 2);
});

afterAll(async () => {
  await db?.close();
});

const anEvent = (): DomainEvent => ({ id: randomUUID(), type: "PaymentApproved", data: {} }) as unknown as DomainEvent;
const causedBy = (cause: DomainEvent): DomainEvent => ({ ...anEvent(), type: "MileageEarned", causationId: cause.id }) as DomainEvent;

describe("the inbox", () => {
  const applied: string[] = [];
  const apply = (event: DomainEvent) => handleOnce(db, undefined, "test", event, async () => {
    applied.push(event.id);
    return [causedBy(event)];
  });
  const outboxCausedBy = async (event: DomainEvent) =>
    (await db.query`SELECT 1 FROM outbox WHERE payload->>'causationId' = ${event.id}`).length;

  it("applies an event once, with the events it causes, however often it is handled", async () => {
    const event = anEvent();
    await apply(event);
    await apply(event);
    expect(applied.filter((id) => id === event.id)).toHaveLength(1);
    expect(await outboxCausedBy(event)).toBe(1);
  });

  it("claims a batch's events at once: each new one is applied once, one applied before and a second copy are not", async () => {
    const before = anEvent();
    // An id written in capitals is the same uuid to Postgres.
    const [first, second] = [anEvent(), { ...anEvent(), id: randomUUID().toUpperCase() }];
    await apply(before);
    await db.unitOfWork(async () => {
      await claimAhead(db, "test", [before.id, first.id, second.id]);
      for (const event of [before, first, second, first]) await apply(event);
    });
    expect(applied.filter((id) => [before.id, first.id, second.id].includes(id))).toEqual([before.id, first.id, second.id]);
    expect([await outboxCausedBy(before), await outboxCausedBy(first), await outboxCausedBy(second)]).toEqual([1, 1, 1]);
  });

  it("forgets a batch's claims when its unit of work rolls back", async () => {
    const event = anEvent();
    await expect(db.unitOfWork(async () => {
      await claimAhead(db, "test", [event.id]);
      await apply(event);
      throw new Error("a later event of the batch failed");
    })).rejects.toThrow("a later event of the batch failed");
    expect(await outboxCausedBy(event)).toBe(0);
    await apply(event);
    expect(applied.filter((id) => id === event.id)).toHaveLength(2);
    expect(await outboxCausedBy(event)).toBe(1);
  });
});

describe("the outbox relay", () => {
  it("publishes committed rows in the order they were written and marks them; a failed publish leaves every row of its batch to publish again", async () => {
    // The inbox tests' rows are not this test's to publish.
    await db.execute`UPDATE outbox SET published_at = now()`;
    const events = [anEvent(), anEvent(), anEvent()];
    for (const event of events) await db.transaction((tx) => appendToOutbox(tx, [event]));
    const published: string[] = [];
    let failNext = true;
    const bus = {
      async publish(event: DomainEvent) {
        if (failNext) {
          failNext = false;
          throw new Error("NATS is away");
        }
        published.push(event.id);
      },
    } as unknown as EventBus;
    const relay = new OutboxRelay(db, bus, createLogger("test", "silent"));

    await expect(relay.flush()).rejects.toThrow("NATS is away");
    expect((await db.query`SELECT 1 FROM outbox WHERE published_at IS NULL`).length).toBe(3);

    expect(await relay.flush()).toBe(3);
    expect(published.slice(-3)).toEqual(events.map((event) => event.id));
    expect((await db.query`SELECT 1 FROM outbox WHERE published_at IS NULL`).length).toBe(0);
  });
});
