import { describe, expect, it } from "vitest";
import { statementSummary } from "../src/sql.ts";

describe("a statement's span name", () => {
  it("names what it writes, in order, through CTEs", () => {
    expect(statementSummary(`INSERT INTO outbox (id, type) VALUES ($1, $2)`)).toBe("INSERT outbox");
    expect(statementSummary(`WITH inserted AS (INSERT INTO payments (id) VALUES ($1) ON CONFLICT (reservation_id) DO NOTHING RETURNING id)
      INSERT INTO outbox (id) SELECT $2 FROM inserted`)).toBe("INSERT payments INSERT outbox");
    expect(statementSummary(`UPDATE reservations SET status = d.status FROM unnest($1::uuid[]) AS d(id, status) WHERE reservations.id = d.id`)).toBe("UPDATE reservations");
    expect(statementSummary(`DELETE FROM outbox WHERE published_at < now()`)).toBe("DELETE outbox");
  });

  it("takes neither a row lock nor an upsert's update for a write", () => {
    expect(statementSummary(`SELECT id FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`)).toBe("SELECT outbox");
    expect(statementSummary(`INSERT INTO room_replicas (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET name = excluded.name`)).toBe("INSERT room_replicas");
  });

  it("names a read by its first table, and a statement without one by its keyword", () => {
    expect(statementSummary(`SELECT * FROM "rooms" r JOIN room_photos p ON p.room_id = r.id`)).toBe("SELECT rooms");
    expect(statementSummary(`SELECT 1`)).toBe("SELECT");
  });
});
