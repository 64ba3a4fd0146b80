import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configTable, configVariables, readmeTable } from "../../config-table.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** The TypeScript sources of the processes (not tests, not generated code). */
function sources(): string[] {
  const dirs = ["packages", "subgraphs"].flatMap((top) => readdirSync(path.join(root, top)).map((name) => path.join(root, top, name, "src")));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "generated") walk(file);
      else if (entry.isFile() && entry.name.endsWith(".ts")) files.push(file);
    }
  };
  for (const dir of [...dirs, path.join(root, "router/src")]) {
    try {
      walk(dir);
    } catch {
      // a package without src/
    }
  }
  return files;
}

/** Every environment variable the code reads by name: `env.X`, `process.env.X`, `env["X"]`, and per context `<CONTEXT>_X`. */
function variablesRead(code: string): string[] {
  const found = new Set<string>();
  for (const [, name] of code.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)) found.add(name!);
  for (const [, name] of code.matchAll(/\benv\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]/g)) found.add(name!);
  for (const [, suffix] of code.matchAll(/envName\(\s*\w+\s*,\s*"([A-Z][A-Z0-9_]*)"\s*\)/g)) found.add(`<CONTEXT>_${suffix}`);
  for (const [, suffix] of code.matchAll(/env\[`\$\{\w+\.toUpperCase\(\)\}_([A-Z][A-Z0-9_]*)`\]/g)) found.add(`<CONTEXT>_${suffix}`);
  return [...found];
}

describe("the README's configuration table", () => {
  it("is the one the config schemas generate (run `npm run docs:config` after changing them)", () => {
    expect(readmeTable()).toBe(configTable());
  });

  it("lists every variable the code reads", () => {
    const documented = new Set(configVariables().map((v) => v.name));
    const missing = sources().flatMap((file) =>
      variablesRead(readFileSync(file, "utf8"))
        .filter((name) => !documented.has(name))
        .map((name) => `${name} (${path.relative(root, file)})`),
    );
    expect(missing).toEqual([]);
  });

  it("finds reads in every form the code uses", () => {
    const code = 'env.NATS_URL; process.env.LOG_LEVEL; env["HOST"]; env[envName(context, "PORT")]; env[`${context.toUpperCase()}_URL`]; envName(c, "DATABASE_URL")';
    expect(variablesRead(code).sort()).toEqual(["<CONTEXT>_DATABASE_URL", "<CONTEXT>_PORT", "<CONTEXT>_URL", "HOST", "LOG_LEVEL", "NATS_URL"]);
  });
});
