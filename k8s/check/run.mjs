// npm run k8s:check — renders each overlay with real kustomize and checks it
// (k8s/check/check.mjs). `--print <overlay>` writes the rendered YAML instead.
import path from "node:path";
import { stringify } from "yaml";
import { checkOverlay, ROOT } from "./check.mjs";
import { renderOverlay } from "./kustomize.mjs";
import { OVERLAYS } from "./overlays.mjs";
import { connectionBudget } from "./production-rules.mjs";

const overlayDir = (name) => path.join(ROOT, "k8s/overlays", name);

if (process.argv[2] === "--print") {
  const name = process.argv[3] ?? "dev";
  process.stdout.write(renderOverlay(overlayDir(name)).objects.map((o) => stringify(o)).join("---\n"));
} else {
  let failed = false;
  for (const [name, options] of Object.entries(OVERLAYS)) {
    const { objects, renderer, violations } = checkOverlay(overlayDir(name), options);
    if (violations.length === 0) {
      const b = connectionBudget(objects, ROOT);
      const clients = b.pooled ? `${b.clients} client connections to the pooler (of ${b.clientCapacity}), ${b.server} from it` : `${b.clients} from the subgraphs`;
      console.log(`k8s/overlays/${name}: ${objects.length} objects (${renderer}), all valid; Postgres at the HPA maxima: ${clients}, ${b.total} in all of max_connections ${b.maxConnections}`);
    } else {
      failed = true;
      console.error(`k8s/overlays/${name}: ${violations.length} violation(s)`);
      for (const violation of violations) console.error(`  - ${violation}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
