import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { pgConnectionFields } from "@airbnb/config";
import { inCurrentTrace, SpanKind, tracingEnabled, withChildSpan } from "@airbnb/observability";

/**
 * Tagged-template SQL: every `${value}` becomes a bind parameter ($1, $2, …),
 * never text, so no value can change a statement; a `${fragment}` (made with
 * `fragment`) is spliced in with its own values, so a shape written once (the
 * outbox insert, the inbox claim) is composed into many statements. Rows come
 * back with camelCase keys (`reservation_id` → `reservationId`), `date`
 * columns as 'YYYY-MM-DD' strings and `bigint` as numbers.
 */
export interface Sql {
  query<Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<Row[]>;
  /** The number of rows the statement wrote. */
  execute(strings: TemplateStringsArray, ...values: unknown[]): Promise<number>;
}

export interface Database extends Sql {
  /** BEGIN, the work, COMMIT on one connection; ROLLBACK when the work throws. Inside a unit of work, part of it. */
  transaction<R>(work: (tx: Sql) => Promise<R>): Promise<R>;
  /**
   * One transaction for everything `work` does with this database: its statements and
   * transactions (in its async context) join it and commit with it, so many effects cost
   * one commit (a consumer's batch of events); a failure anywhere rolls all of it back.
   */
  unitOfWork<R>(work: () => Promise<R>): Promise<R>;
  /** Runs `after` once the work in hand has committed: at the end of its unit of work, or at once outside one. */
  afterCommit(after: () => void): void;
  /**
   * Writes `items` with `write`, merged per unit of work: inside one, the items
   * every caller passes for the same `write` are written by one call of it
   * just before the commit (a consumer's batch of N events, one insert instead
   * of N), traced under the first caller's trace; outside one, at once. For
   * writes nothing in the unit reads back.
   */
  batched<T>(write: (items: T[]) => Promise<unknown>, items: readonly T[]): Promise<void>;
  /** State kept for the unit of work in hand (made by `create` on first use, one per `key`); undefined outside one. */
  unitScoped<T>(key: object, create: () => T): T | undefined;
  /** Connections open, idle, and callers waiting for one. */
  poolState(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** A piece of SQL with its values, spliced into the statement whose value it is. */
export class Fragment {
  constructor(
    readonly strings: TemplateStringsArray,
    readonly values: readonly unknown[],
  ) {}
}

/** A reusable piece of a statement: `sql\`WITH claimed AS (${inboxClaim(…)}) …\``. */
export const fragment = (strings: TemplateStringsArray, ...values: unknown[]): Fragment => new Fragment(strings, values);

// A template's strings array is one frozen object per call site: its statement is built once
// and prepared once per connection (named), so Postgres parses and plans it once, not per call:
// a third of Postgres's CPU per booking. A statement with fragments is known by its call site
// and those of its fragments, in place.
interface Statement {
  name: string;
  text: string;
  /** Its span's name, e.g. "INSERT payments INSERT outbox" (OpenTelemetry's db.query.summary). */
  summary: string;
}
const statements = new WeakMap<TemplateStringsArray, Statement>();
const composedStatements = new Map<string, Statement>();
const templateIds = new WeakMap<TemplateStringsArray, number>();
let statementCount = 0;
let templateCount = 0;
const newStatement = (text: string): Statement => ({ name: `s${++statementCount}`, text, summary: statementSummary(text) });

function statementOf(strings: TemplateStringsArray, values: unknown[]): { statement: Statement; values: unknown[] } {
  if (!values.some((value) => value instanceof Fragment)) {
    let statement = statements.get(strings);
    if (statement === undefined) statements.set(strings, (statement = newStatement(strings.reduce((sql, part, i) => `${sql}$${i}${part}`))));
    return { statement, values };
  }
  const flat: unknown[] = [];
  const key = flatten(strings, values, flat);
  let statement = composedStatements.get(key);
  if (statement === undefined) {
    let n = 0;
    const textOf = (parts: TemplateStringsArray, inner: readonly unknown[]): string =>
      parts.reduce((sql, part, i) => {
        const value = inner[i - 1];
        return `${sql}${value instanceof Fragment ? textOf(value.strings, value.values) : `$${++n}`}${part}`;
      });
    composedStatements.set(key, (statement = newStatement(textOf(strings, values))));
  }
  return { statement, values: flat };
}

/** Collects the plain values in order; returns the key of the statement's shape. */
function flatten(strings: TemplateStringsArray, values: readonly unknown[], flat: unknown[]): string {
  let id = templateIds.get(strings);
  if (id === undefined) templateIds.set(strings, (id = ++templateCount));
  let key = String(id);
  for (const value of values) {
    if (value instanceof Fragment) key += `(${flatten(value.strings, value.values, flat)})`;
    else flat.push(value);
  }
  return key;
}

/**
 * What a statement writes, in order ("INSERT payments INSERT outbox" for a CTE that writes
 * both), or else the first table it reads ("SELECT rooms"). `FOR UPDATE` and `DO UPDATE` are no writes of a table.
 */
export function statementSummary(text: string): string {
  const writes = [...text.matchAll(/(?<!\b(?:FOR|DO)\s+)\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)/gi)];
  if (writes.length > 0) return writes.map(([, operation, table]) => `${operation!.split(/\s/)[0]!.toUpperCase()} ${table}`).join(" ");
  const read = /\bFROM\s+"?(\w+)/i.exec(text)?.[1];
  return read ? `SELECT ${read}` : (/^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "SQL");
}

// A migration that changes a table's columns invalidates `SELECT *` statements prepared before it.
const isStalePlan = (error: unknown) => (error as { code?: string }).code === "0A000" && /cached plan must not change result type/.test(String((error as Error).message));

const camelKeys = new Map<string, string>();
function camel(name: string): string {
  let key = camelKeys.get(name);
  if (key === undefined) {
    key = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    camelKeys.set(name, key);
  }
  return key;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === DATE_OID) return (value: string) => value;
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;

/**
 * A statement, in a span of its own when it belongs to a traced operation. Spans are made
 * here rather than by @opentelemetry/instrumentation-pg: its require hook does not see the
 * bundles' ESM `import pg` (tried: require-in-the-middle fires for `require("pg")` only), and
 * its ESM hook would need a `--import` loader in every launch command (scripts, Dockerfile, k8s).
 */
function run(database: string, target: Queryable, inTransaction: boolean, strings: TemplateStringsArray, parts: unknown[]): Promise<pg.QueryArrayResult> {
  const { statement, values } = statementOf(strings, parts);
  if (!tracingEnabled()) return send(target, inTransaction, statement, values);
  const attributes = { "db.system.name": "postgresql", "db.namespace": database, "db.query.text": statement.text, "db.query.summary": statement.summary };
  return withChildSpan(statement.summary, SpanKind.CLIENT, attributes, () => send(target, inTransaction, statement, values));
}

async function send(target: Queryable, inTransaction: boolean, statement: Statement, values: unknown[]): Promise<pg.QueryArrayResult> {
  // Arrays of values, not objects per row: the keys are camel-cased once per result, not once per row.
  const query = () => (target as pg.Pool).query({ name: statement.name, text: statement.text, values, rowMode: "array" });
  try {
    return await query();
  } catch (error) {
    if (!isStalePlan(error)) throw error;
    // Under a new name every connection prepares it afresh. Inside a transaction the error has
    // aborted it: the caller's transaction fails, like on any other error, and its retry succeeds.
    statement.name = `s${++statementCount}`;
    if (inTransaction) throw error;
    return query();
  }
}

function sqlOn(database: string, target: Queryable, inTransaction: boolean): Sql {
  return {
    async query<Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<Row[]> {
      const result = await run(database, target, inTransaction, strings, values);
      const keys = result.fields.map((field) => camel(field.name));
      return (result.rows as unknown[][]).map((cells) => {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) row[keys[i]!] = cells[i];
        return row as Row;
      });
    },
    async execute(strings: TemplateStringsArray, ...values: unknown[]): Promise<number> {
      return (await run(database, target, inTransaction, strings, values)).rowCount ?? 0;
    },
  };
}

type Write = (items: unknown[]) => Promise<unknown>;

/** A batched write still owed: the items, and the write bound to the trace of the first caller. */
interface Owed {
  items: unknown[];
  write: Write;
}

/** A unit of work: its transaction, what runs after its commit, and the batched writes it still owes. */
interface Unit {
  tx: Sql;
  committed: Array<() => void>;
  pending: Map<Write, Owed>;
  scoped: Map<object, unknown>;
}

/**
 * A context's database on a pg pool. `DATABASE_POOL_MAX` caps the pool of every
 * context (where many processes share one Postgres and its max_connections,
 * e.g. replicas or test systems).
 */
export function connectDatabase(url: string, poolSize = 10, onIdleError: (error: Error) => void = () => {}): Database {
  const cap = Number(process.env.DATABASE_POOL_MAX);
  const max = Number.isInteger(cap) && cap > 0 ? Math.min(poolSize, cap) : poolSize;
  const fields = pgConnectionFields(url);
  const pool = new pg.Pool({ ...fields, max, types });
  // An idle connection that breaks (a Postgres restart) is dropped from the pool; unhandled, it would end the process.
  pool.on("error", onIdleError);
  const onPool = sqlOn(fields.database, pool, false);
  const units = new AsyncLocalStorage<Unit>();
  const sql = (): Sql => units.getStore()?.tx ?? onPool;

  async function transaction<R>(work: (tx: Sql) => Promise<R>): Promise<R> {
    const client = await pool.connect();
    let broken: Error | undefined;
    // pg-pool listens for a connection's errors only while it is idle: one that breaks between the
    // queries of a transaction (Postgres crashed) would otherwise end the process. The next query fails instead.
    const onBroken = (error: Error) => (broken = error);
    client.on("error", onBroken);
    try {
      await client.query("BEGIN");
      const result = await work(sqlOn(fields.database, client, true));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.off("error", onBroken);
      client.release(broken);
    }
  }

  return {
    query: <Row>(strings: TemplateStringsArray, ...values: unknown[]) => sql().query<Row>(strings, ...values),
    execute: (strings: TemplateStringsArray, ...values: unknown[]) => sql().execute(strings, ...values),
    transaction<R>(work: (tx: Sql) => Promise<R>): Promise<R> {
      const unit = units.getStore();
      return unit ? work(unit.tx) : transaction(work);
    },
    async unitOfWork<R>(work: () => Promise<R>): Promise<R> {
      if (units.getStore()) return work();
      const committed: Array<() => void> = [];
      const result = await transaction((tx) => {
        const unit: Unit = { tx, committed, pending: new Map(), scoped: new Map() };
        return units.run(unit, async () => {
          const done = await work();
          for (const { write, items } of unit.pending.values()) await write(items);
          return done;
        });
      });
      for (const after of committed) after();
      return result;
    },
    async batched<T>(write: (items: T[]) => Promise<unknown>, items: readonly T[]): Promise<void> {
      if (items.length === 0) return;
      const unit = units.getStore();
      if (!unit) {
        await write([...items]);
        return;
      }
      let owed = unit.pending.get(write as Write);
      // Its SQL is traced under the operation that asked for it first (in a consumer's batch: the first event's handling).
      if (!owed) unit.pending.set(write as Write, (owed = { items: [], write: inCurrentTrace(write as Write) }));
      owed.items.push(...items);
    },
    afterCommit(after: () => void): void {
      const unit = units.getStore();
      if (unit) unit.committed.push(after);
      else after();
    },
    unitScoped<T>(key: object, create: () => T): T | undefined {
      const unit = units.getStore();
      if (!unit) return undefined;
      if (!unit.scoped.has(key)) unit.scoped.set(key, create());
      return unit.scoped.get(key) as T;
    },
    poolState: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}
