// Alerts and dashboards as code: every metric a PrometheusRule expression or a Grafana
// dashboard panel queries is one the code exports (or an exporter's we deploy), every alert
// has a runbook entry in docs/runbook.md, and every dashboard is JSON Grafana can load.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { collectDefaultMetrics, Registry } from "prom-client";
import { idOf } from "./render.mjs";

/** Metrics of processes we deploy but did not write, by prefix: their exporters define them. */
export const EXTERNAL_METRICS = {
  jetstream_: "prometheus-nats-exporter (the NATS pods' sidecar)",
  gnatsd_: "prometheus-nats-exporter",
  cnpg_: "CloudNativePG's exporter",
};

const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;
const PROMQL_WORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"]);

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "generated" ? [] : sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/**
 * The metric names the code can export: snake_case string literals of the files that
 * use prom-client (a superset: label values come along, which no expression names as a
 * metric), and prom-client's default metrics, which every process collects.
 */
export function exportedMetrics(root) {
  const names = new Set();
  const dirs = ["packages", "subgraphs"].flatMap((top) => readdirSync(path.join(root, top)).map((name) => path.join(root, top, name, "src")));
  for (const file of [...dirs, path.join(root, "router/src")].flatMap(sourceFiles)) {
    const code = readFileSync(file, "utf8");
    if (!code.includes("prom-client")) continue;
    for (const [, name] of code.matchAll(/"([a-z][a-z0-9]*(?:_[a-z0-9]+)+)"/g)) names.add(name);
  }
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const metric of registry.getMetricsAsArray()) names.add(metric.name);
  return names;
}

/** The metric names a PromQL expression selects: strings, label matchers, ranges and grouping lists removed, functions skipped. */
export function metricsInExpression(expr) {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = new Set();
  for (const match of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = bare.slice(match.index + match[0].length).trimStart();
    if (after.startsWith("(") || PROMQL_WORDS.has(match[0].toLowerCase()) || /^\d/.test(match[0])) continue;
    // A duration's unit (5m) or a number's exponent is no name.
    if (/[0-9.]$/.test(bare.slice(0, match.index))) continue;
    names.add(match[0]);
  }
  return [...names];
}

const known = (name, exported) =>
  exported.has(name) || exported.has(name.replace(HISTOGRAM_SERIES, "")) || Object.keys(EXTERNAL_METRICS).some((prefix) => name.startsWith(prefix));

const unknownMetrics = (expr, exported) => metricsInExpression(expr).filter((name) => !known(name, exported));

/** GitHub's anchor of a Markdown heading. */
const anchorOf = (heading) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-");

export function checkObservability(objects, root) {
  const violations = [];
  const exported = exportedMetrics(root);
  const runbookFile = path.join(root, "docs/runbook.md");
  const anchors = new Set(existsSync(runbookFile) ? [...readFileSync(runbookFile, "utf8").matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchorOf(m[1])) : []);
  for (const rule of objects.filter((o) => o.kind === "PrometheusRule")) {
    for (const r of rule.spec.groups.flatMap((g) => g.rules)) {
      const name = r.alert ?? r.record;
      for (const metric of unknownMetrics(r.expr ?? "", exported)) violations.push(`${idOf(rule)}: ${name} queries ${metric}, which no process exports (k8s/check/observability.mjs)`);
      if (!r.alert) continue;
      const runbook = r.annotations?.runbook_url ?? "";
      const [file, anchor] = runbook.split("#");
      if (file !== "docs/runbook.md" || !anchors.has(anchor)) violations.push(`${idOf(rule)}: ${name} needs annotations.runbook_url docs/runbook.md#<its entry> (an entry there; has "${runbook}")`);
    }
  }
  for (const map of objects.filter((o) => o.kind === "ConfigMap" && o.metadata.labels?.grafana_dashboard)) {
    for (const [key, text] of Object.entries(map.data ?? {})) {
      let dashboard;
      try {
        dashboard = JSON.parse(text);
      } catch (error) {
        violations.push(`${idOf(map)}: ${key} is not JSON (${error.message})`);
        continue;
      }
      if (!dashboard.uid || !dashboard.title || !Array.isArray(dashboard.panels) || dashboard.panels.length === 0) violations.push(`${idOf(map)}: ${key} needs a uid, a title and panels`);
      const panels = (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
      for (const panel of panels) {
        if ((panel.targets ?? []).length === 0 && panel.type !== "row") violations.push(`${idOf(map)}: panel "${panel.title}" queries nothing`);
        for (const target of panel.targets ?? []) {
          for (const metric of unknownMetrics(target.expr ?? "", exported)) violations.push(`${idOf(map)}: panel "${panel.title}" queries ${metric}, which no process exports`);
        }
      }
    }
  }
  return violations;
}
