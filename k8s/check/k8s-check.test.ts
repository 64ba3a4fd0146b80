import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript modules (the checker runs with node, without tsx)
import { checkObjects, checkOverlay, ROOT } from "./check.mjs";
// @ts-expect-error plain JavaScript module
import { renderOverlay } from "./kustomize.mjs";
// @ts-expect-error plain JavaScript module
import { OVERLAYS } from "./overlays.mjs";
// @ts-expect-error plain JavaScript module
import { strictYamlViolations } from "./strict-yaml.mjs";

type Manifest = { kind: string; metadata: { name: string }; spec: any; data?: Record<string, string> };
const overlay = (name: string) => path.join(ROOT, "k8s/overlays", name);
const rendered = (name: string): Manifest[] => renderOverlay(overlay(name)).objects;
const find = (objects: Manifest[], kind: string, name?: string) => objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name))!;

describe("k8s manifests", () => {
  it.each(Object.keys(OVERLAYS))("overlay %s renders with kubectl kustomize and has no violation", (name) => {
    const { objects, renderer, violations } = checkOverlay(overlay(name), OVERLAYS[name]);
    expect(violations).toEqual([]);
    expect(renderer).toBe("kubectl kustomize");
    expect(objects.filter((o: Manifest) => o.kind === "Deployment")).toHaveLength(8);
  });

  it("fails in CI without kubectl, and falls back to its own renderer elsewhere", () => {
    const kubectl = "kubectl-not-installed";
    expect(() => renderOverlay(overlay("dev"), { env: { CI: "true" }, kubectl })).toThrow(/kubectl is not installed/);
    expect(renderOverlay(overlay("dev"), { env: {}, kubectl }).renderer).toMatch(/render\.mjs/);
  });

  it("reports a Deployment without a readinessProbe", () => {
    const objects = rendered("dev");
    delete find(objects, "Deployment", "payment").spec.template.spec.containers[0].readinessProbe;
    expect(checkObjects(objects, OVERLAYS.dev)).toEqual(["Deployment/airbnb-dev/payment: container app: readinessProbe must GET /readyz"]);
  });

  it("reports an unpinned image, a missing setting and a subgraph reachable from another", () => {
    const objects = rendered("dev");
    find(objects, "Deployment", "room").spec.template.spec.containers[0].image = "airbnb-supergraph:latest";
    delete find(objects, "ConfigMap", "reservation-config").data!.PAYMENT_URL;
    // Open both ways: any pod into a subgraph, and room's egress to the subgraphs.
    find(objects, "NetworkPolicy", "allow-subgraphs-from-router").spec.ingress[0].from = undefined;
    find(objects, "NetworkPolicy", "allow-router-to-subgraphs").spec.podSelector = { matchLabels: { "app.kubernetes.io/name": "room" } };
    const violations = checkObjects(objects, OVERLAYS.dev).join("\n");
    expect(violations).toContain("Deployment/airbnb-dev/room: container app: image airbnb-supergraph:latest uses :latest");
    expect(violations).toContain("Deployment/airbnb-dev/reservation: container app: the code reads PAYMENT_URL but the manifest does not provide it");
    expect(violations).toContain("NetworkPolicy: room -> payment:4003 should be refused");
  });

  it("refuses unknown fields, in Kubernetes kinds and in CloudNativePG's", () => {
    const objects = rendered("prod");
    find(objects, "Deployment", "room").spec.template.spec.containers[0].readinesProbe = { httpGet: { path: "/readyz", port: "http" } };
    find(objects, "Cluster").spec.backups = {};
    const violations = checkObjects(objects, OVERLAYS.prod).join("\n");
    expect(violations).toMatch(/Deployment\/airbnb\/room: schema: .*'"readinesProbe"' does not exist in type 'IContainer'/);
    expect(violations).toContain("Cluster/airbnb/airbnb-pg: schema: /spec must NOT have additional properties (backups)");
  });

  it("reports production without backups, over its connection budget, or with an unbounded stream", () => {
    const objects = rendered("prod");
    objects.splice(objects.indexOf(find(objects, "ScheduledBackup")), 1);
    find(objects, "Cluster").spec.plugins = [];
    find(objects, "Pooler").spec.pgbouncer.parameters.default_pool_size = "18";
    find(objects, "ConfigMap", "airbnb-config").data!.NATS_STREAM_MAX_BYTES = "0";
    expect(checkObjects(objects, OVERLAYS.prod)).toEqual(expect.arrayContaining([
      "Cluster/airbnb/airbnb-pg: no WAL archiving (the Barman Cloud plugin with isWALArchiver, or spec.backup): no point-in-time recovery",
      "Cluster/airbnb/airbnb-pg: no ScheduledBackup",
      "connection budget: pooler 420 + migrations 14 + reserved 3 = 437 > max_connections 400",
      "streams: airbnb-config must bound the stream (NATS_STREAM_MAX_BYTES > 0)",
    ]));
  });

  it("reports an alert or a dashboard panel on a metric no process exports, an alert without a runbook entry, a dashboard that is not JSON", () => {
    const objects = rendered("prod");
    const rules = find(objects, "PrometheusRule").spec.groups[0].rules;
    rules.find((r: { alert: string }) => r.alert === "ConsumerLagging").expr = "max by (consumer) (nats_consumer_lag_messages) > 1000";
    delete rules.find((r: { alert: string }) => r.alert === "PaymentCircuitOpen").annotations.runbook_url;
    const dashboard = find(objects, "ConfigMap", "airbnb-dashboard");
    const json = JSON.parse(dashboard.data!["airbnb.json"]!);
    json.panels[1].targets[0].expr = "histogram_quantile(0.95, sum by (le) (rate(event_lateness_seconds_bucket[5m])))";
    dashboard.data!["airbnb.json"] = JSON.stringify(json);
    expect(checkObjects(objects, OVERLAYS.prod)).toEqual([
      "PrometheusRule/airbnb/airbnb: ConsumerLagging queries nats_consumer_lag_messages, which no process exports (k8s/check/observability.mjs)",
      'PrometheusRule/airbnb/airbnb: PaymentCircuitOpen needs annotations.runbook_url docs/runbook.md#<its entry> (an entry there; has "")',
      `ConfigMap/airbnb/airbnb-dashboard: panel "${json.panels[1].title}" queries event_lateness_seconds_bucket, which no process exports`,
    ]);
    dashboard.data!["airbnb.json"] = "{ not json";
    expect(checkObjects(objects, OVERLAYS.prod).at(-1)).toMatch(/^ConfigMap\/airbnb\/airbnb-dashboard: airbnb.json is not JSON/);
  });

  it("reports YAML that a YAML 1.1 reader would read differently", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "k8s-yaml-"));
    writeFileSync(path.join(dir, "config.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata:\n  SANDBOX: on\n");
    expect(strictYamlViolations(dir, dir)).toEqual(["config.yaml: document 1 reads differently as YAML 1.1 (quote scalars such as on/off/yes/no/y/n or numbers with leading zeros)"]);
  });
});
