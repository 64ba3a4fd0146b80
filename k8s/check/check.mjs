// Validates rendered manifests: every object against its schema (kubernetes-models and
// @kubernetes-models/prometheus-operator, unknown fields refused through their type
// declarations; CloudNativePG's by cnpg-schemas.mjs), then the project's own rules.
// Returns a list of violations ("<object>: <what is wrong>"); empty means it passes.
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as apps from "kubernetes-models/apps/v1";
import * as autoscaling from "kubernetes-models/autoscaling/v2";
import * as batch from "kubernetes-models/batch/v1";
import * as core from "kubernetes-models/v1";
import * as networking from "kubernetes-models/networking.k8s.io/v1";
import * as policy from "kubernetes-models/policy/v1";
import * as scheduling from "kubernetes-models/scheduling.k8s.io/v1";
import * as monitoring from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { cnpgViolations } from "./cnpg-schemas.mjs";
import { envVarsByProcess, NOT_NEEDED } from "./env-vars.mjs";
import { renderOverlay } from "./kustomize.mjs";
import { checkNetwork, selects } from "./network.mjs";
import { checkObservability } from "./observability.mjs";
import { checkAutoscaling, checkBackups, checkConnectionBudget, checkMigrations, checkMonitoring, checkReadiness, checkStreams } from "./production-rules.mjs";
import { containersOf, idOf, podSpecOf } from "./render.mjs";
import { strictYamlViolations } from "./strict-yaml.mjs";
import { unknownFieldViolations } from "./unknown-fields.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const MODELS = {
  v1: core,
  "apps/v1": apps,
  "autoscaling/v2": autoscaling,
  "batch/v1": batch,
  "networking.k8s.io/v1": networking,
  "policy/v1": policy,
  "scheduling.k8s.io/v1": scheduling,
  "monitoring.coreos.com/v1": monitoring,
};

/** Names that identify our processes: the Deployment name is the process (router or a context). */
const entryOf = (command = []) => {
  const script = command.find((part) => /dist\/main\.js$/.test(part));
  if (!script) return undefined;
  return script === "router/dist/main.js" ? "router" : script.match(/^subgraphs\/([a-z]+)\/dist\/main\.js$/)?.[1];
};

/**
 * @param objects rendered manifests
 * @param options.externalSecrets Secrets created outside the render (referenced, not rendered)
 * @param options.hpa expected [min, max] replicas per Deployment name
 * @param options.production whether the production rules apply (backups, monitoring)
 * @param options.root repository root (where the code is read for env vars)
 */
export function checkObjects(objects, options = {}) {
  const { externalSecrets = [], hpa: expectedHpa = {}, root = ROOT } = options;
  const violations = [];
  const fail = (object, message) => violations.push(`${idOf(object)}: ${message}`);
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const configMaps = new Map(byKind("ConfigMap").map((o) => [o.metadata.name, o.data ?? {}]));
  const secrets = new Map(byKind("Secret").map((o) => [o.metadata.name, { ...(o.data ?? {}), ...(o.stringData ?? {}) }]));

  // 1. Schemas.
  for (const object of objects) {
    const custom = cnpgViolations(object);
    if (custom) {
      for (const message of custom) fail(object, message);
      continue;
    }
    const Model = MODELS[object.apiVersion]?.[object.kind];
    if (!Model) {
      fail(object, `no schema for ${object.apiVersion} ${object.kind} (add it to k8s/check/check.mjs)`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      const details = (error.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
      fail(object, `schema: ${details || error.message}`);
    }
  }
  violations.push(...unknownFieldViolations(objects.filter((o) => MODELS[o.apiVersion]?.[o.kind]), root));

  // 2. Every workload: pinned images, resources, hardened security context, references resolve.
  for (const object of objects.filter((o) => podSpecOf(o))) {
    const pod = podSpecOf(object);
    for (const container of containersOf(object)) {
      const where = `container ${container.name}`;
      const image = container.image ?? "";
      if (!/@sha256:[0-9a-f]{64}$/.test(image)) {
        const tag = image.match(/:([^:/@]+)$/)?.[1];
        if (!tag) fail(object, `${where}: image ${image} has no tag`);
        else if (tag === "latest") fail(object, `${where}: image ${image} uses :latest`);
      }
      for (const kind of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) if (!container.resources?.[kind]?.[resource]) fail(object, `${where}: resources.${kind}.${resource} missing`);
      }
      const sc = container.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) fail(object, `${where}: securityContext.allowPrivilegeEscalation must be false`);
      if (sc.readOnlyRootFilesystem !== true) fail(object, `${where}: securityContext.readOnlyRootFilesystem must be true`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) fail(object, `${where}: securityContext.capabilities.drop must include ALL`);
      if ((sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true) fail(object, `${where}: runAsNonRoot must be true`);
      if ((sc.runAsUser ?? pod.securityContext?.runAsUser) === 0) fail(object, `${where}: runs as root (runAsUser 0)`);
      if ((sc.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type) !== "RuntimeDefault") fail(object, `${where}: seccompProfile must be RuntimeDefault`);
      // References to ConfigMaps and Secrets resolve (a missing one keeps the pod from starting).
      const refs = [
        ...(container.envFrom ?? []).map((e) => (e.configMapRef ? { type: "ConfigMap", ...e.configMapRef } : { type: "Secret", ...e.secretRef })),
        ...(container.env ?? []).flatMap((e) => {
          const from = e.valueFrom ?? {};
          if (from.configMapKeyRef) return [{ type: "ConfigMap", ...from.configMapKeyRef }];
          if (from.secretKeyRef) return [{ type: "Secret", ...from.secretKeyRef }];
          return [];
        }),
      ];
      for (const ref of refs) {
        if (ref.type === "Secret" && externalSecrets.includes(ref.name)) continue;
        const store = (ref.type === "ConfigMap" ? configMaps : secrets).get(ref.name);
        if (!store) fail(object, `${where}: ${ref.type} ${ref.name} is referenced but not rendered`);
        else if (ref.key && !(ref.key in store) && !ref.optional) fail(object, `${where}: ${ref.type} ${ref.name} has no key ${ref.key}`);
      }
    }
    for (const volume of pod.volumes ?? []) {
      if (volume.configMap && !configMaps.has(volume.configMap.name)) fail(object, `volume ${volume.name}: ConfigMap ${volume.configMap.name} not rendered`);
      if (volume.secret && !secrets.has(volume.secret.secretName) && !externalSecrets.includes(volume.secret.secretName)) fail(object, `volume ${volume.name}: Secret ${volume.secret.secretName} not rendered`);
    }
  }

  // 3. Deployments: probes, rollout, shutdown, Service, PDB, HPA, and the env the code reads.
  const envByProcess = envVarsByProcess(root);
  for (const deployment of byKind("Deployment")) {
    const name = deployment.metadata.name;
    const pod = podSpecOf(deployment);
    const labels = deployment.spec?.template?.metadata?.labels ?? {};
    if (!selects(deployment.spec?.selector, labels)) fail(deployment, "spec.selector does not select its own pod template");
    if (deployment.spec?.strategy?.rollingUpdate?.maxUnavailable !== 0) fail(deployment, "strategy.rollingUpdate.maxUnavailable must be 0");
    // The processes stop within 20 s of SIGTERM (packages/service/src/lifecycle.ts).
    if (!(pod.terminationGracePeriodSeconds > 20)) fail(deployment, "terminationGracePeriodSeconds must exceed the 20 s the processes take at most to stop");
    if (pod.enableServiceLinks !== false) fail(deployment, "enableServiceLinks must be false (service links inject <NAME>_PORT=tcp://..., which the code reads as a port)");
    for (const container of pod.containers ?? []) {
      const where = `container ${container.name}`;
      if (!container.startupProbe) fail(deployment, `${where}: startupProbe missing`);
      if (container.readinessProbe?.httpGet?.path !== "/readyz") fail(deployment, `${where}: readinessProbe must GET /readyz`);
      if (container.livenessProbe?.httpGet?.path !== "/healthz") fail(deployment, `${where}: livenessProbe must GET /healthz`);

      const process = entryOf(container.command);
      const expected = process && envByProcess[process];
      if (!expected) continue;
      const provided = new Map();
      for (const from of container.envFrom ?? []) {
        if (from.configMapRef) for (const [k, v] of Object.entries(configMaps.get(from.configMapRef.name) ?? {})) provided.set(k, v);
        if (from.secretRef) for (const k of Object.keys(secrets.get(from.secretRef.name) ?? {})) provided.set(k, undefined);
      }
      for (const e of container.env ?? []) {
        const ref = e.valueFrom?.configMapKeyRef;
        provided.set(e.name, e.value ?? (ref ? configMaps.get(ref.name)?.[ref.key] : undefined));
      }
      const missing = [...expected].filter(([env, info]) => !info.optional && !provided.has(env) && !(env in NOT_NEEDED)).map(([env]) => env);
      if (missing.length) fail(deployment, `${where}: the code reads ${missing.join(", ")} but the manifest does not provide it`);
      if (process === "router" && !provided.has("JWT_SECRET") && !provided.has("JWKS_URL")) fail(deployment, `${where}: needs JWT_SECRET or JWKS_URL`);
      const host = provided.get("HOST");
      if (host !== undefined && !["0.0.0.0", "::"].includes(host)) fail(deployment, `${where}: HOST=${host} is unreachable from outside the pod (use 0.0.0.0)`);
      const port = Number(provided.get(process === "router" ? "ROUTER_PORT" : "PORT"));
      if (!(container.ports ?? []).some((p) => p.containerPort === port)) fail(deployment, `${where}: listens on ${port} but declares no such containerPort`);
    }

    const services = byKind("Service").filter((s) => s.spec?.selector && selects({ matchLabels: s.spec.selector }, labels));
    if (services.length === 0) fail(deployment, "no Service selects its pods");
    const ports = new Set((pod.containers ?? []).flatMap((c) => (c.ports ?? []).flatMap((p) => [p.name, p.containerPort])));
    for (const service of services) {
      for (const port of service.spec.ports ?? []) if (!ports.has(port.targetPort ?? port.port)) fail(service, `targetPort ${port.targetPort ?? port.port} is not a port of Deployment ${name}`);
    }
    if (!byKind("PodDisruptionBudget").some((p) => selects(p.spec?.selector, labels))) fail(deployment, "no PodDisruptionBudget selects its pods");
    const hpa = byKind("HorizontalPodAutoscaler").find((h) => h.spec?.scaleTargetRef?.kind === "Deployment" && h.spec.scaleTargetRef.name === name);
    if (!hpa) fail(deployment, "no HorizontalPodAutoscaler scales it");
    else {
      const cpu = (hpa.spec.metrics ?? []).find((m) => m.type === "Resource" && m.resource?.name === "cpu");
      if (cpu?.resource?.target?.averageUtilization !== 60) fail(hpa, "must target 60 % CPU utilisation");
      const [min, max] = expectedHpa[name] ?? [];
      if (min !== undefined && (hpa.spec.minReplicas !== min || hpa.spec.maxReplicas !== max)) fail(hpa, `replicas must be ${min}..${max}, are ${hpa.spec.minReplicas}..${hpa.spec.maxReplicas}`);
    }
  }

  // 4. NATS: durable JetStream, a full cluster when replicated, stream replicas it can hold.
  const nats = byKind("StatefulSet").find((s) => s.metadata.name === "nats");
  if (!nats) violations.push("StatefulSet nats: missing");
  else {
    const conf = configMaps.get("nats-config")?.["nats.conf"] ?? "";
    const replicas = nats.spec.replicas ?? 1;
    if (!/sync_interval:\s*always/.test(conf)) fail(nats, "nats.conf must set jetstream { sync_interval: always } (lazy fsync loses acknowledged writes)");
    if (replicas > 1) {
      for (let i = 0; i < replicas; i++) if (!conf.includes(`nats-${i}.nats-headless:6222`)) fail(nats, `nats.conf has no cluster route to nats-${i}`);
    }
    if (!nats.spec.volumeClaimTemplates?.length) fail(nats, "JetStream file storage needs a volumeClaimTemplate");
    const streamReplicas = Number(configMaps.get("airbnb-config")?.NATS_STREAM_REPLICAS);
    if (!(streamReplicas >= 1 && streamReplicas <= replicas)) fail(nats, `NATS_STREAM_REPLICAS=${streamReplicas} must be between 1 and the ${replicas} NATS node(s)`);
    if (options.streamReplicas !== undefined && streamReplicas !== options.streamReplicas) fail(nats, `the AIRBNB stream must have ${options.streamReplicas} replicas, NATS_STREAM_REPLICAS is ${streamReplicas}`);
  }
  violations.push(...checkMigrations(objects, Object.keys(envByProcess).filter((p) => p !== "router")));
  violations.push(...checkStreams(objects), ...checkConnectionBudget(objects, root), ...checkReadiness(objects, root));
  if (options.production) violations.push(...checkBackups(objects), ...checkMonitoring(objects), ...checkAutoscaling(objects, root));

  // 5. Network, both ways: exactly the connections the system needs are open.
  violations.push(...checkNetwork(objects));
  // 6. Alerts and dashboards query metrics that exist, and each alert has its runbook entry.
  violations.push(...checkObservability(objects, root));
  return violations;
}

/**
 * Renders an overlay (real kustomize: kustomize.mjs) and checks it, with the YAML sources
 * under k8s/ read strictly; a render error is reported as a violation.
 */
export function checkOverlay(dir, options) {
  const sources = strictYamlViolations(path.join(ROOT, "k8s"), ROOT);
  let rendered;
  try {
    rendered = renderOverlay(dir);
  } catch (error) {
    return { objects: [], renderer: "none", violations: [...sources, `render ${path.relative(ROOT, dir)}: ${error.message}`] };
  }
  return { ...rendered, violations: [...sources, ...checkObjects(rendered.objects, options)] };
}
