import { Gauge, type Registry } from "prom-client";
import type { Database } from "./sql.ts";

/**
 * The outbox backlog and the request pool's use, read on each scrape. The backlog is
 * read on `probe` (the readiness connection), not the request pool, so a saturated
 * pool cannot hide its own backlog.
 */
export function databaseMetrics(registry: Registry, db: Database, probe: Database): void {
  let backlog: Promise<{ rows: number; ageSeconds: number } | undefined> | undefined;
  // One query per scrape serves both gauges.
  const readBacklog = () =>
    (backlog ??= probe.query<{ rows: number; ageSeconds: number | null }>`
      SELECT count(*)::int AS rows, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age_seconds
      FROM outbox WHERE published_at IS NULL`
      .then(([row]) => ({ rows: row!.rows, ageSeconds: row!.ageSeconds ?? 0 }), () => undefined)
      .finally(() => setTimeout(() => (backlog = undefined), 1000).unref()));
  const backlogGauge = (name: string, help: string, value: (read: { rows: number; ageSeconds: number }) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const read = await readBacklog();
        if (read) this.set(value(read));
      },
    });
  backlogGauge("outbox_unpublished_rows", "Committed events not yet published to NATS", (read) => read.rows);
  backlogGauge("outbox_oldest_unpublished_age_seconds", "Age of the oldest committed event not yet published (0 when none)", (read) => read.ageSeconds);
  new Gauge({
    name: "db_pool_connections",
    help: "Connections of the request pool, by state",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const { total, idle, waiting } = db.poolState();
      this.set({ state: "total" }, total);
      this.set({ state: "idle" }, idle);
      this.set({ state: "waiting" }, waiting);
    },
  });
}
