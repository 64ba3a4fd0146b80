// Which environment variables each process reads, derived from the code itself so that
// a setting added to the code without being added to the manifests fails the check.
// Sources: the zod config schemas (packages/config/src/base-config.ts,
// router/src/config.ts, a subgraph's own `settings`), `process.env.X` in runtime code,
// and the names packages/config/src/contexts.ts builds (<CONTEXT>_URL, _DATABASE_URL).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Read by every process whatever the schema says: in a pod their defaults are wrong. */
export const ALWAYS_REQUIRED = ["NODE_ENV", "HOST", "NATS_URL", "INTERNAL_SECRET"];

/**
 * Read by the code but not needed in these manifests, and why. Everything else the
 * code reads must be set explicitly (even where the code's default would do), so the
 * deployed configuration can be read in k8s/.
 */
export const NOT_NEEDED = {
  POSTGRES_URL: "subgraphs get their own <CONTEXT>_DATABASE_URL (and each migration Job its owner's URL)",
  DATABASE_PREFIX: "only used to derive a database URL when <CONTEXT>_DATABASE_URL is absent",
  PORT: "subgraphs only; the router listens on ROUTER_PORT",
};

const schemaKeys = (file) => {
  const text = readFileSync(file, "utf8");
  const keys = new Map();
  for (const match of text.matchAll(/^\s+([A-Z][A-Z0-9_]+):\s*(z\.[^\n]*)/gm)) keys.set(match[1], { optional: /\.optional\(\)/.test(match[2]) });
  return keys;
};

const sourceFiles = (dir) => {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|mjs|js)$/.test(name) && !/\.test\./.test(name) ? [full] : [];
  });
};

/**
 * { router: Map(name -> {optional}), room: ..., ... } for the repository at `root`.
 * `optional` marks a `.optional()` schema field: absent is a meaningful setting.
 */
export function envVarsByProcess(root) {
  const contexts = [...readFileSync(path.join(root, "packages/config/src/contexts.ts"), "utf8").matchAll(/^\s+([a-z]+):\s*\d+,/gm)].map((m) => m[1]);
  const shared = schemaKeys(path.join(root, "packages/config/src/base-config.ts"));
  // process.env reads in runtime packages (not the test kit).
  const runtimeDirs = readdirSync(path.join(root, "packages")).filter((p) => p !== "testkit").map((p) => path.join(root, "packages", p, "src"));
  for (const file of runtimeDirs.flatMap(sourceFiles)) {
    for (const match of readFileSync(file, "utf8").matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)) if (!shared.has(match[1])) shared.set(match[1], { optional: false });
  }
  for (const name of ALWAYS_REQUIRED) shared.set(name, { optional: false });

  const result = { router: new Map(shared) };
  for (const [name, info] of schemaKeys(path.join(root, "router/src/config.ts"))) result.router.set(name, info);
  for (const context of contexts) result.router.set(`${context.toUpperCase()}_URL`, { optional: false });

  for (const context of contexts) {
    const vars = new Map(shared);
    vars.set("PORT", { optional: false });
    vars.set(`${context.toUpperCase()}_DATABASE_URL`, { optional: false });
    for (const file of sourceFiles(path.join(root, "subgraphs", context, "src"))) {
      const text = readFileSync(file, "utf8");
      // A subgraph's own settings: an UPPER_SNAKE zod object read with loadConfig.
      if (/loadConfig\(/.test(text)) for (const [name, info] of schemaKeys(file)) vars.set(name, info);
      for (const match of text.matchAll(/contextUrl\("([a-z]+)"/g)) vars.set(`${match[1].toUpperCase()}_URL`, { optional: false });
      for (const match of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)) if (!vars.has(match[1])) vars.set(match[1], { optional: false });
    }
    result[context] = vars;
  }
  return result;
}
