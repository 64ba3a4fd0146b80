/**
 * Bundles each service (router, subgraphs) into one JavaScript file beside its
 * sources (`router/dist/main.js`, `subgraphs/<context>/dist/main.js`): our
 * TypeScript, workspace packages included, compiled once by esbuild; npm
 * dependencies stay external and load from node_modules. The services then run
 * on plain `node`, without tsx's loader, which cost ~45 MB of RSS per process
 * and its share of start time. `dist/` sits at the depth of `src/`, so paths
 * that services resolve from `import.meta.url` (schemas, the board page) hold.
 * `npm run build`; `startSystem` (npm start, e2e, bench) bundles first: ~1 s.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Each service's directory (relative to the root) whose src/main.ts is its entry. */
export const serviceDirs = (): string[] => [
  "router",
  ...readdirSync(path.join(root, "subgraphs")).map((context) => `subgraphs/${context}`).filter((dir) => existsSync(path.join(root, dir, "src/main.ts"))),
];

export const bundleOf = (dir: string) => path.join(dir, "dist/main.js");

// Bare imports are npm packages (external), except our own workspace packages (compiled in).
const npmPackagesExternal: Plugin = {
  name: "npm-packages-external",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@airbnb/") ? undefined : { external: true }));
  },
};

/** Written to a temporary name, then renamed: a process starting meanwhile (another system's) never reads half a file. */
function writeAtomically(file: string, contents: Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

export async function bundleServices(dirs = serviceDirs()): Promise<void> {
  await Promise.all(
    dirs.map(async (dir) => {
      const { outputFiles } = await build({
        absWorkingDir: root,
        entryPoints: [path.join(dir, "src/main.ts")],
        outfile: path.join(root, bundleOf(dir)),
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        sourcemap: "linked",
        logLevel: "warning",
        plugins: [npmPackagesExternal],
        // CommonJS dependencies required from bundled ESM need a `require`.
        banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
        write: false,
      });
      for (const file of outputFiles) writeAtomically(file.path, file.contents);
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await bundleServices();
  console.log(`bundled ${serviceDirs().length} services in ${Date.now() - started} ms`);
}
