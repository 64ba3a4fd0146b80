// The NetworkPolicies, evaluated: a connection is open when the source's egress policies
// and the target's ingress policies both let it through (a pod no policy of a direction
// selects is open in that direction), with namespaces (namespaceSelector by the
// kubernetes.io/metadata.name label) and named ports. Then the connections this system
// needs are checked open and every other one tried here closed.
import { podSpecOf } from "./render.mjs";

export function selects(selector, labels) {
  if (!selector) return false;
  const matchLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const matchExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === "In") return values.includes(labels[key]);
    if (operator === "NotIn") return !values.includes(labels[key]);
    if (operator === "Exists") return key in labels;
    if (operator === "DoesNotExist") return !(key in labels);
    return false;
  });
  return matchLabels && matchExpressions;
}

const peerMatches = (peer, pod, policyNamespace) => {
  if (peer.ipBlock) return pod.namespace === undefined; // outside the cluster
  if (pod.namespace === undefined) return false;
  const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, { "kubernetes.io/metadata.name": pod.namespace }) : pod.namespace === policyNamespace;
  return namespaceOk && (!peer.podSelector || selects(peer.podSelector, pod.labels));
};
const portMatches = (ports, port) => !ports || ports.some((p) => p.port === undefined || p.port === port.number || p.port === port.name);

function open(policies, from, to, port) {
  const direction = (pod, type, field, peers, other) => {
    const applying = policies.filter((p) => p.metadata.namespace === pod.namespace && (p.spec.policyTypes ?? ["Ingress"]).includes(type) && selects(p.spec.podSelector, pod.labels));
    if (applying.length === 0) return true;
    return applying.some((p) => (p.spec[field] ?? []).some((rule) => (!rule[peers] || rule[peers].some((peer) => peerMatches(peer, other, p.metadata.namespace))) && portMatches(rule.ports, port)));
  };
  return direction(from, "Egress", "egress", "to", to) && direction(to, "Ingress", "ingress", "from", from);
}

/** The pods the rendered objects create, with their labels and ports. */
function podsOf(objects) {
  const pods = objects
    .filter((o) => podSpecOf(o) && o.kind !== "CronJob" && o.apiVersion !== "postgresql.cnpg.io/v1")
    .map((o) => ({
      name: o.metadata.name,
      kind: o.kind,
      namespace: o.metadata.namespace,
      labels: o.spec.template.metadata?.labels ?? {},
      ports: (podSpecOf(o).containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => ({ name: p.name, number: p.containerPort }))),
    }));
  // CloudNativePG creates its pods itself: modelled from the Cluster and Pooler.
  for (const o of objects.filter((x) => x.apiVersion === "postgresql.cnpg.io/v1" && (x.kind === "Cluster" || x.kind === "Pooler"))) {
    const labels = o.kind === "Cluster" ? { "cnpg.io/cluster": o.metadata.name } : { "cnpg.io/poolerName": o.metadata.name, ...(o.spec.template?.metadata?.labels ?? {}) };
    pods.push({ name: o.metadata.name, kind: o.kind, namespace: o.metadata.namespace, labels, ports: [{ name: o.kind === "Cluster" ? "postgres" : "pgbouncer", number: 5432 }] });
  }
  return pods;
}

export function checkNetwork(objects) {
  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  const pods = podsOf(objects);
  const namespace = pods[0]?.namespace;
  const violations = [];
  const find = (name) => pods.find((p) => p.name === name);
  const portOf = (pod, number) => pod.ports.find((p) => p.number === number) ?? { number };
  const expect = (from, to, number, yes) => {
    if (!from || !to) return;
    if (open(policies, from, to, portOf(to, number)) !== yes) violations.push(`NetworkPolicy: ${from.name} -> ${to.name}:${number} should be ${yes ? "allowed" : "refused"}`);
  };
  if (!policies.some((p) => Object.keys(p.spec.podSelector ?? {}).length === 0 && (p.spec.policyTypes ?? []).includes("Egress") && !(p.spec.egress ?? []).length)) {
    violations.push("NetworkPolicy: no default deny on egress (podSelector {}, policyTypes [Egress], no rule)");
  }
  const component = (pod) => pod.labels["app.kubernetes.io/component"];
  const router = find("router");
  const subgraphs = pods.filter((p) => component(p) === "subgraph");
  const httpOf = (pod) => pod.ports.find((p) => p.name === "http")?.number;
  const nats = find("nats");
  const outsider = { name: "(a pod of another namespace)", namespace: "elsewhere", labels: { app: "other" }, ports: [] };
  const neighbour = { name: "(another pod of this namespace)", namespace, labels: { app: "other" }, ports: [] };
  const ingress = { name: "(the ingress controller)", namespace: "ingress-nginx", labels: { "app.kubernetes.io/name": "ingress-nginx" }, ports: [] };
  const prometheus = { name: "(Prometheus)", namespace: "monitoring", labels: { "app.kubernetes.io/name": "prometheus" }, ports: [] };
  const dns = { name: "(cluster DNS)", namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, ports: [{ name: "dns", number: 53 }] };
  const internet = { name: "(a host on the internet)", namespace: undefined, labels: {}, ports: [{ number: 443 }] };

  for (const subgraph of subgraphs) {
    expect(router, subgraph, httpOf(subgraph), true);
    expect(prometheus, subgraph, httpOf(subgraph), true);
    for (const stranger of [outsider, neighbour, ingress]) expect(stranger, subgraph, httpOf(subgraph), false);
    for (const other of subgraphs) if (other !== subgraph) expect(other, subgraph, httpOf(subgraph), other.name === "reservation" && ["payment", "room"].includes(subgraph.name));
  }
  if (router) {
    expect(ingress, router, httpOf(router), true);
    expect(prometheus, router, httpOf(router), true);
    for (const stranger of [outsider, neighbour]) expect(stranger, router, httpOf(router), false);
  }

  // Postgres: the subgraphs through the pooler where there is one, the migrations directly.
  const postgres = pods.find((p) => p.name === "postgres" || p.kind === "Cluster");
  const pooler = pods.find((p) => p.kind === "Pooler");
  if (!postgres) violations.push("Postgres: neither a StatefulSet postgres nor a CloudNativePG Cluster is rendered");
  const ours = pods.filter((p) => p.labels["app.kubernetes.io/part-of"] === "airbnb" && p !== nats && p !== postgres && p.kind !== "Pooler");
  for (const pod of ours) {
    expect(pod, dns, 53, true);
    expect(pod, internet, 443, false);
    const natsClient = ["router", "subgraph", "nats-setup"].includes(component(pod));
    expect(pod, nats, 4222, natsClient);
    const entry = component(pod) === "subgraph" ? pooler ?? postgres : component(pod) === "migration" ? postgres : undefined;
    for (const database of [pooler, postgres]) expect(pod, database, 5432, database === entry);
  }
  expect(nats, nats, 6222, true);
  for (const stranger of [outsider, neighbour]) {
    expect(stranger, nats, 4222, false);
    expect(stranger, postgres, 5432, false);
    expect(stranger, pooler, 5432, false);
  }
  return violations;
}
