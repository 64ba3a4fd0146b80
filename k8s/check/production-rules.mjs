// The rules that keep the system alive in production: backups, the Postgres connection
// budget at the autoscalers' maxima, bounded streams (with an alert before the bound),
// and readiness that does not depend on NATS.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { selects } from "./network.mjs";
import { containersOf, idOf, podSpecOf } from "./render.mjs";

const BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";
/**
 * Connections one migration Job holds at most. Measured: 1 (pg_stat_activity sampled every
 * 5 ms through `prisma migrate deploy` of room and reservation); 2 leaves room for a lock session.
 */
export const CONNECTIONS_PER_MIGRATION = 2;
/** Postgres' superuser_reserved_connections default: never available to our roles. */
const SUPERUSER_RESERVED = 3;

/** Every CloudNativePG Cluster archives its WAL and has a ScheduledBackup to an ObjectStore that is rendered. */
export function checkBackups(objects) {
  const violations = [];
  const clusters = objects.filter((o) => o.apiVersion === "postgresql.cnpg.io/v1" && o.kind === "Cluster");
  if (clusters.length === 0) violations.push("backups: no CloudNativePG Cluster (the only Postgres with backups here)");
  for (const cluster of clusters) {
    const archiver = (cluster.spec.plugins ?? []).find((p) => p.name === BARMAN_PLUGIN && p.isWALArchiver);
    const store = archiver?.parameters?.barmanObjectName;
    if (!archiver && !cluster.spec.backup?.barmanObjectStore) violations.push(`${idOf(cluster)}: no WAL archiving (the Barman Cloud plugin with isWALArchiver, or spec.backup): no point-in-time recovery`);
    if (store && !objects.some((o) => o.kind === "ObjectStore" && o.metadata.name === store)) violations.push(`${idOf(cluster)}: ObjectStore ${store} is not rendered`);
    const scheduled = objects.filter((o) => o.kind === "ScheduledBackup" && o.spec.cluster?.name === cluster.metadata.name);
    if (scheduled.length === 0) violations.push(`${idOf(cluster)}: no ScheduledBackup`);
    for (const backup of scheduled) {
      if (archiver && (backup.spec.method !== "plugin" || backup.spec.pluginConfiguration?.name !== BARMAN_PLUGIN)) violations.push(`${idOf(backup)}: must back up through ${BARMAN_PLUGIN} (method plugin), where the WAL goes`);
    }
  }
  return violations;
}

const poolSizeOf = (root, context) => {
  const file = path.join(root, "subgraphs", context, "src/subgraph.ts");
  const match = existsSync(file) ? readFileSync(file, "utf8").match(/^\s+poolSize:\s*(\d+)/m) : null;
  return match ? Number(match[1]) : 10; // SubgraphDefinition's default (packages/service)
};

/**
 * Postgres connections at the HPAs' maxima, against max_connections. Each subgraph pod
 * holds min(poolSize, DATABASE_POOL_MAX) request connections plus one for readiness.
 * With a Pooler those are its clients; Postgres then sees instances x databases x
 * (default_pool_size + reserve_pool_size). Migration Jobs connect directly.
 */
export function connectionBudget(objects, root) {
  const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "airbnb-config")?.data ?? {};
  const cap = Number(config.DATABASE_POOL_MAX);
  const hpaMax = (name) => objects.find((o) => o.kind === "HorizontalPodAutoscaler" && o.spec.scaleTargetRef?.name === name)?.spec.maxReplicas;
  const subgraphs = objects.filter((o) => o.kind === "Deployment" && o.spec.template.metadata?.labels?.["app.kubernetes.io/component"] === "subgraph");
  const lines = [];
  let clients = 0;
  for (const deployment of subgraphs) {
    const name = deployment.metadata.name;
    const pods = hpaMax(name) ?? deployment.spec.replicas ?? 1;
    const pool = Number.isInteger(cap) && cap > 0 ? Math.min(poolSizeOf(root, name), cap) : poolSizeOf(root, name);
    clients += pods * (pool + 1);
    lines.push(`${name} ${pods} x (${pool} + 1)`);
  }
  const migrations = objects.filter((o) => o.kind === "Job" && o.spec.template.metadata?.labels?.["app.kubernetes.io/component"] === "migration").length * CONNECTIONS_PER_MIGRATION;
  const poolers = objects.filter((o) => o.apiVersion === "postgresql.cnpg.io/v1" && o.kind === "Pooler");
  let server = clients;
  let clientCapacity = Infinity;
  if (poolers.length) {
    server = 0;
    clientCapacity = 0;
    for (const pooler of poolers) {
      const p = pooler.spec.pgbouncer?.parameters ?? {};
      const instances = pooler.spec.instances ?? 1;
      server += instances * subgraphs.length * (Number(p.default_pool_size ?? 20) + Number(p.reserve_pool_size ?? 0));
      clientCapacity += instances * Number(p.max_client_conn ?? 100);
    }
  }
  const cluster = objects.find((o) => o.apiVersion === "postgresql.cnpg.io/v1" && o.kind === "Cluster");
  const devArgs = objects.find((o) => o.kind === "StatefulSet" && o.metadata.name === "postgres")?.spec.template.spec.containers[0].args ?? [];
  const maxConnections = Number(cluster?.spec.postgresql?.parameters?.max_connections ?? devArgs.map((a) => a.match(/^max_connections=(\d+)$/)?.[1]).find(Boolean) ?? 100);
  const total = server + migrations + SUPERUSER_RESERVED;
  return { clients, clientCapacity, server, migrations, total, maxConnections, lines, pooled: poolers.length > 0 };
}

export function checkConnectionBudget(objects, root) {
  const b = connectionBudget(objects, root);
  const violations = [];
  const detail = `${b.lines.join(", ")} = ${b.clients} client connections`;
  if (b.clients > b.clientCapacity) violations.push(`connection budget: ${detail} exceed the pooler's max_client_conn (${b.clientCapacity})`);
  if (b.total > b.maxConnections) {
    violations.push(`connection budget: ${b.pooled ? `pooler ${b.server}` : detail} + migrations ${b.migrations} + reserved ${SUPERUSER_RESERVED} = ${b.total} > max_connections ${b.maxConnections}`);
  }
  return violations;
}

/** NATS sizes such as 9GB or 900MB, as the server reads them (1000-based is the smaller reading). */
const sizeOf = (text) => {
  const m = String(text).match(/^(\d+)\s*([KMGT]?)B?$/i);
  return m ? Number(m[1]) * 1000 ** " KMGT".indexOf(m[2].toUpperCase() || " ") : NaN;
};

/** The streams have bounds, within the NATS file store, and an alert fires before them. */
export function checkStreams(objects) {
  const violations = [];
  const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "airbnb-config")?.data ?? {};
  const maxBytes = Number(config.NATS_STREAM_MAX_BYTES);
  const maxAge = Number(config.NATS_STREAM_MAX_AGE_HOURS);
  if (!(maxBytes > 0)) violations.push("streams: airbnb-config must bound the stream (NATS_STREAM_MAX_BYTES > 0)");
  if (!(maxAge > 0)) violations.push("streams: airbnb-config must bound the stream's age (NATS_STREAM_MAX_AGE_HOURS > 0)");
  const setup = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "nats-stream-setup")?.data?.["setup.sh"] ?? "";
  if (!setup.includes("NATS_STREAM_MAX_BYTES") || /"max_(bytes|age)":\s*(-1|0)\b/.test(setup)) violations.push("streams: the setup Job must create the streams with NATS_STREAM_MAX_BYTES and NATS_STREAM_MAX_AGE_HOURS");
  const conf = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "nats-config")?.data?.["nats.conf"] ?? "";
  const store = sizeOf(conf.match(/max_file_store:\s*(\S+)/)?.[1] ?? "");
  // The dead-letter stream gets an eighth of the bytes (packages/nats/src/streams.ts).
  if (!(maxBytes * 1.125 <= store)) violations.push(`streams: AIRBNB (${maxBytes} B) + AIRBNB_DLQ (an eighth) must fit max_file_store (${store} B)`);
  for (const rule of objects.filter((o) => o.kind === "PrometheusRule")) {
    const alerts = rule.spec.groups.flatMap((g) => g.rules);
    for (const [stream, bytes] of [["AIRBNB", maxBytes], ["AIRBNB_DLQ", Math.floor(maxBytes / 8)]]) {
      const alert = alerts.find((a) => (a.expr ?? "").includes(`stream_name="${stream}"`));
      const threshold = Number(alert?.expr.match(/>\s*(\d+)\s*$/)?.[1]);
      if (threshold !== Math.floor(bytes * 0.8)) violations.push(`${idOf(rule)}: the alert on ${stream}'s size must fire at 80 % of its max_bytes (> ${Math.floor(bytes * 0.8)})`);
    }
  }
  return violations;
}

/** The alerts production needs, by name. */
export const REQUIRED_ALERTS = ["ConsumerLagging", "OutboxNotPublishing", "DeadLettersGrowing", "PaymentCircuitOpen", "GraphQLErrorRateHigh", "PostgresReplicaLagging", "NatsStreamNearLimit"];

export function checkMonitoring(objects) {
  const violations = [];
  const alerts = new Set(objects.filter((o) => o.kind === "PrometheusRule").flatMap((o) => o.spec.groups.flatMap((g) => g.rules.map((r) => r.alert))));
  for (const name of REQUIRED_ALERTS) if (!alerts.has(name)) violations.push(`PrometheusRule: no alert ${name}`);
  const monitors = objects.filter((o) => o.kind === "PodMonitor" || o.kind === "ServiceMonitor");
  const scraped = (labels) => monitors.some((m) => m.kind === "PodMonitor" && Object.keys(m.spec.selector ?? {}).length && selects(m.spec.selector, labels));
  for (const o of objects.filter((x) => ["Deployment", "StatefulSet"].includes(x.kind))) {
    if (!scraped(o.spec.template.metadata?.labels ?? {})) violations.push(`${idOf(o)}: no PodMonitor scrapes it`);
  }
  for (const cluster of objects.filter((o) => o.kind === "Cluster")) if (!scraped({ "cnpg.io/cluster": cluster.metadata.name })) violations.push(`${idOf(cluster)}: no PodMonitor scrapes it`);
  return violations;
}

/**
 * Readiness that a NATS blip cannot fail: every readiness probe asks the process itself
 * (/readyz on its own port), and the processes' /readyz do not read the NATS connection
 * (packages/service/src/subgraph-server.ts, router/src/router.ts).
 */
export function checkReadiness(objects, root) {
  const violations = [];
  for (const o of objects.filter((x) => x.kind === "Deployment")) {
    for (const c of podSpecOf(o).containers ?? []) {
      const probe = c.readinessProbe;
      const ownPort = (c.ports ?? []).some((p) => p.name === probe?.httpGet?.port || p.containerPort === probe?.httpGet?.port);
      if (probe && (!probe.httpGet || probe.httpGet.host || !ownPort)) violations.push(`${idOf(o)}: container ${c.name}: the readiness probe must ask the process itself (httpGet on its own port)`);
    }
  }
  const sources = [
    ["packages/service/src/subgraph-server.ts", /const ready = [^\n]*/],
    ["router/src/router.ts", /case "\/readyz": \{[\s\S]*?return sendJson[^\n]*/],
  ];
  for (const [file, pattern] of sources) {
    const code = readFileSync(path.join(root, file), "utf8").match(pattern)?.[0];
    if (!code) violations.push(`${file}: readiness not found (k8s/check/production-rules.mjs looks for ${pattern})`);
    else if (/\.connected\b|nc\.|status\(\)/.test(code)) violations.push(`${file}: /readyz reads the NATS connection; its state belongs on /metrics (nats_connected)`);
  }
  return violations;
}

/**
 * Beyond CPU, the router scales on its request rate and every subgraph that consumes
 * events (`consumers:` in its subgraph.ts) on its consumer's backlog.
 */
export function checkAutoscaling(objects, root) {
  const violations = [];
  for (const hpa of objects.filter((o) => o.kind === "HorizontalPodAutoscaler")) {
    const name = hpa.spec.scaleTargetRef?.name;
    const file = path.join(root, "subgraphs", name, "src/subgraph.ts");
    const consumes = existsSync(file) && /^\s+consumers:/m.test(readFileSync(file, "utf8"));
    const custom = (hpa.spec.metrics ?? []).filter((m) => m.type === "Pods" || m.type === "External").map((m) => (m.pods ?? m.external).metric.name);
    if (name === "router" && !custom.includes("graphql_requests_per_second")) violations.push(`${idOf(hpa)}: must also scale on graphql_requests_per_second`);
    if (consumes && !custom.includes("nats_consumer_pending_messages")) violations.push(`${idOf(hpa)}: ${name} consumes events: must also scale on nats_consumer_pending_messages`);
  }
  return violations;
}

/** One migration Job per context, each with a lock timeout. */
export function checkMigrations(objects, contexts) {
  const violations = [];
  for (const context of contexts) {
    const jobs = objects.filter((o) => o.kind === "Job" && containersOf(o).some((c) => (c.command ?? []).join(" ").includes(`migrate deploy --config prisma/${context}/`)));
    if (jobs.length !== 1) {
      violations.push(`Job: ${jobs.length} Jobs migrate ${context} (one per context: a failing migration holds back only its own context)`);
      continue;
    }
    const env = containersOf(jobs[0]).flatMap((c) => c.env ?? []);
    if (!/lock_timeout=\d+/.test(env.find((e) => e.name === "PGOPTIONS")?.value ?? "")) violations.push(`${idOf(jobs[0])}: PGOPTIONS must set lock_timeout (a migration waiting on a lock queues every query of its table)`);
  }
  return violations;
}
