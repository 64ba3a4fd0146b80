import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "@airbnb/config";
import type { DomainEvent } from "@airbnb/events";
import type { EventBus } from "@airbnb/nats";
import { createLogger } from "@airbnb/observability";
import { testEnv } from "@airbnb/testkit";
import { appendToOutbox, connectDatabase, dropDatabase, migrateContext, OutboxRelay, type Database } from "../../src/index.ts";

const env = testEnv("db-outbox");
let db: Database;

beforeAll(async () => {
  await dropDatabase(databaseUrl("mileage", env));
  await migrateContext("mileage", env);
  db = connectDatabase(databaseUrl("mileage", env), 2);
});

afterAll(async () => {
  await db?.close();
});

const anEvent = (): DomainEvent => ({ id: randomUUID(), type: "MileageEarned", data: {} }) as unknown as DomainEvent;

describe("the outbox relay", () => {
  it("publishes committed rows in the order they were written and marks them; a failed publish leaves every row of its batch to publish again", async () => {
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
