// Renders an overlay as `kubectl apply -k` and Argo CD will: with real kustomize
// (`kubectl kustomize`). Without kubectl, k8s/check/render.mjs stands in on a laptop;
// in CI (CI set) its absence is an error, since only real kustomize is proof.
import { spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";
import { render, RenderError } from "./render.mjs";

/** { objects, renderer } for the kustomization in `dir`; `kubectl` is the command to run. */
export function renderOverlay(dir, { env = process.env, kubectl = "kubectl" } = {}) {
  const run = spawnSync(kubectl, ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.error?.code === "ENOENT") {
    if (env.CI) throw new RenderError("kubectl is not installed: in CI the overlays must render with real kustomize (kubectl kustomize)");
    return { objects: render(dir), renderer: "k8s/check/render.mjs (kubectl not found)" };
  }
  if (run.error) throw run.error;
  if (run.status !== 0) throw new RenderError(`kubectl kustomize: ${run.stderr.trim()}`);
  const objects = parseAllDocuments(run.stdout).map((doc) => {
    if (doc.errors.length) throw new RenderError(`kubectl kustomize output: ${doc.errors[0].message}`);
    return doc.toJS();
  });
  return { objects: objects.filter((o) => o != null), renderer: "kubectl kustomize" };
}
