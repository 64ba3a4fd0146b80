// npm run k8s:check — renders each overlay and checks it (k8s/check/check.mjs).
// `--print <overlay>` writes the rendered YAML instead, as `kubectl kustomize` would.
import path from "node:path";
import { stringify } from "yaml";
import { checkOverlay, ROOT } from "./check.mjs";
import { OVERLAYS } from "./overlays.mjs";
import { render } from "./render.mjs";

const overlayDir = (name) => path.join(ROOT, "k8s/overlays", name);

if (process.argv[2] === "--print") {
  const name = process.argv[3] ?? "dev";
  process.stdout.write(render(overlayDir(name)).map((o) => stringify(o)).join("---\n"));
} else {
  let failed = false;
  for (const [name, options] of Object.entries(OVERLAYS)) {
    const { objects, violations } = checkOverlay(overlayDir(name), options);
    if (violations.length === 0) {
      console.log(`k8s/overlays/${name}: ${objects.length} objects, all valid`);
    } else {
      failed = true;
      console.error(`k8s/overlays/${name}: ${violations.length} violation(s)`);
      for (const violation of violations) console.error(`  - ${violation}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
