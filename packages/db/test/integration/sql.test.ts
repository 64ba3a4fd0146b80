import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@airbnb/testkit";
import { connectDatabase, dropDatabase, ensureDatabase, fragment, postgresErrorCode, retryDeadlocks, UNIQUE_VIOLATION, type Database, type Fragment, type Sql } from "../../src/index.ts";

const url = `${process.env.POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432"}/test_db_sql`;
let db: Database;

beforeAll(async () => {
  await dropDatabase(url);
  await ensureDatabase(url);
  db = connectDatabase(url, 2);
  await db.execute`CREATE TABLE stays (id int PRIMARY KEY, guest_id text NOT NULL, check_in date NOT NULL, nights bigint NOT NULL)`;
});

afterAll(async () => {
  await db.close();
  await dropDatabase(url);
});

describe("sql on pg", () => {
  it("binds every value as a parameter and camel-cases the row", async () => {
    const hostile = "x'); DROP TABLE stays; --";
    await db.execute`INSERT INTO stays (id, guest_id, check_in, nights) VALUES (${1}, ${hostile}, ${"2027-01-31"}::date, ${3})`;
    const [row] = await db.query<{ id: number; guestId: string; checkIn: string; nights: number }>`SELECT * FROM stays WHERE id = ${1}`;
    expect(row).toEqual({ id: 1, guestId: hostile, checkIn: "2027-01-31", nights: 3 });
  });

  it("splices fragments with their own values, in place, and tells statements apart by the fragments they hold", async () => {
    const guestIs = (guest: string) => fragment`guest_id = ${guest}`;
    const nightsOver = (n: number) => fragment`nights > ${n}`;
    const ids = (where: Fragment, limit: number) => db.query<{ id: number }>`SELECT id FROM stays WHERE ${where} AND id > ${0} LIMIT ${limit}`;
    await db.execute`INSERT INTO stays (id, guest_id, check_in, nights) VALUES (${10}, ${"frag"}, ${"2027-03-01"}::date, ${5})`;
    expect(await ids(guestIs("frag"), 5)).toEqual([{ id: 10 }]);
    expect(await ids(guestIs("nobody"), 5)).toEqual([]);
    expect(await ids(nightsOver(4), 1)).toEqual([expect.objectContaining({ id: expect.any(Number) })]);
    expect(await ids(nightsOver(5), 5)).toEqual([]);
    const nested = fragment`${guestIs("frag")} AND ${nightsOver(1)}`;
    expect(await db.query`SELECT id FROM stays WHERE ${nested}`).toEqual([{ id: 10 }]);
  });

  it("runs a unit of work as one transaction: its statements and transactions join it, what waits for the commit runs after it", async () => {
    const seen: string[] = [];
    const stay = (id: number) => db.execute`INSERT INTO stays (id, guest_id, check_in, nights) VALUES (${id}, ${"unit"}, ${"2027-04-01"}::date, ${1})`;
    const visibleOutside = async (id: number) => {
      const other = connectDatabase(url, 1);
      try {
        return (await other.query`SELECT 1 FROM stays WHERE id = ${id}`).length > 0;
      } finally {
        await other.close();
      }
    };
    await db.unitOfWork(async () => {
      await stay(20);
      await db.transaction((tx) => tx.execute`INSERT INTO stays (id, guest_id, check_in, nights) VALUES (${21}, ${"unit"}, ${"2027-04-01"}::date, ${1})`);
      db.afterCommit(() => seen.push("committed"));
      expect(await visibleOutside(20)).toBe(false);
      seen.push("working");
    });
    expect(seen).toEqual(["working", "committed"]);
    expect(await visibleOutside(21)).toBe(true);

    await expect(db.unitOfWork(async () => {
      await stay(22);
      db.afterCommit(() => seen.push("never"));
      await db.transaction(async () => {
        throw new Error("one effect failed");
      });
    })).rejects.toThrow("one effect failed");
    expect(await db.query`SELECT id FROM stays WHERE id = ${22}`).toEqual([]);
    expect(seen).toEqual(["working", "committed"]);
    db.afterCommit(() => seen.push("outside a unit: at once"));
    expect(seen.at(-1)).toBe("outside a unit: at once");
  });

  it("merges batched writes of a unit of work into one write before its commit, and writes them at once outside one", async () => {
    const calls: number[][] = [];
    const insertStays = (ids: number[]) => {
      calls.push(ids);
      return db.execute`
        INSERT INTO stays (id, guest_id, check_in, nights) SELECT unnest(${ids}::int[]), ${"batched"}, ${"2027-05-01"}::date, ${1}`;
    };
    await db.unitOfWork(async () => {
      await db.batched(insertStays, [30]);
      await db.batched(insertStays, []);
      await db.batched(insertStays, [31, 32]);
      expect(calls).toEqual([]);
    });
    expect(calls).toEqual([[30, 31, 32]]);
    expect((await db.query`SELECT id FROM stays WHERE guest_id = ${"batched"}`).length).toBe(3);

    await expect(db.unitOfWork(async () => {
      await db.batched(insertStays, [33]);
      throw new Error("the unit failed");
    })).rejects.toThrow("the unit failed");
    await expect(db.unitOfWork(() => db.batched(insertStays, [30]))).rejects.toSatisfy((error) => postgresErrorCode(error) === UNIQUE_VIOLATION);
    await db.batched(insertStays, [34]);
    expect(calls).toEqual([[30, 31, 32], [30], [34]]);
    expect((await db.query<{ id: number }>`SELECT id FROM stays WHERE guest_id = ${"batched"} ORDER BY id`).map((r) => r.id)).toEqual([30, 31, 32, 34]);
  });

  it("commits a transaction's work together, or none of it", async () => {
    await expect(db.transaction(async (tx) => {
      await tx.execute`INSERT INTO stays (id, guest_id, check_in, nights) VALUES (${2}, ${"g"}, ${"2027-02-01"}::date, ${1})`;
      await tx.execute`INSERT INTO stays (id, guest_id, check_in, nights) VALUES (${1}, ${"g"}, ${"2027-02-01"}::date, ${1})`;
    })).rejects.toSatisfy((error) => postgresErrorCode(error) === UNIQUE_VIOLATION);
    expect(await db.query`SELECT id FROM stays WHERE id = ${2}`).toEqual([]);
    expect(await db.transaction((tx) => tx.execute`UPDATE stays SET nights = nights + 1 WHERE id = ${1}`)).toBe(1);
  });

  it("fails a transaction whose connection is cut between its queries (as when Postgres crashes), and serves on", async () => {
    const outcome = db.transaction(async (tx) => {
      const [{ pid }] = (await tx.query<{ pid: number }>`SELECT pg_backend_pid() pid`) as [{ pid: number }];
      await db.query`SELECT pg_terminate_backend(${pid}::int)`;
      // The server's FATAL message reaches the idle connection now; unheard, it would end the process.
      await waitFor(async () => (await db.query`SELECT 1 FROM pg_stat_activity WHERE pid = ${pid}::int`).length === 0);
      await new Promise((resolve) => setImmediate(resolve));
      return tx.query`SELECT 1`;
    });
    await expect(outcome).rejects.toThrow();
    expect(await db.query`SELECT count(*)::int n FROM stays`).toEqual([{ n: expect.any(Number) }]);
  });

  it("prepares a statement again when a migration changed its table's columns", async () => {
    const read = () => db.query<Record<string, unknown>>`SELECT * FROM stays WHERE id = ${1}`;
    await read();
    await db.execute`ALTER TABLE stays ADD COLUMN note text`;
    expect(await read()).toEqual([{ id: 1, guestId: expect.any(String), checkIn: "2027-01-31", nights: 4, note: null }]);
  });

  it("fails a transaction that met such a statement; the transaction's retry prepares it afresh", async () => {
    const readAll = (tx: Sql) => tx.query<Record<string, unknown>>`SELECT * FROM stays WHERE id = ${1}`;
    await db.transaction(readAll);
    await db.execute`ALTER TABLE stays ADD COLUMN stars int`;
    await expect(db.transaction(readAll)).rejects.toThrow(/cached plan must not change result type/);
    expect(await db.transaction(readAll)).toEqual([expect.objectContaining({ id: 1, stars: null })]);
  });

  it("runs a statement Postgres rolled back to end a deadlock again, and it settles", async () => {
    await db.execute`CREATE TABLE counters (id int PRIMARY KEY, v int NOT NULL)`;
    await db.execute`INSERT INTO counters VALUES (1, 0), (2, 0)`;
    const watcher = connectDatabase(url, 1);
    let runs = 0;
    let statement: Promise<number> | undefined;
    try {
      await db.transaction(async (tx) => {
        await tx.execute`UPDATE counters SET v = v + 1 WHERE id = 1`;
        // Row 2, then row 1, which this transaction holds: the statement waits for it.
        statement = retryDeadlocks(() => {
          runs++;
          return db.execute`
            WITH first AS (UPDATE counters SET v = v + 10 WHERE id = 2 RETURNING 1)
            UPDATE counters SET v = v + 10 WHERE id = 1 AND EXISTS (SELECT 1 FROM first)`;
        });
        await waitFor(async () => (await watcher.query`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).length > 0);
        // Row 2, which the statement holds: a cycle. The statement, waiting longer, is rolled back, and runs again after this commits.
        await tx.execute`UPDATE counters SET v = v + 1 WHERE id = 2`;
      });
      expect(await statement).toBe(1);
      expect(runs).toBe(2);
      expect(await db.query`SELECT id, v FROM counters ORDER BY id`).toEqual([{ id: 1, v: 11 }, { id: 2, v: 11 }]);
    } finally {
      await watcher.close();
    }
  });
});
