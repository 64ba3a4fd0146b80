// Unknown fields, refused. The kubernetes-models validators check types, required
// fields and enums but let any extra key through (as the API server does when it
// prunes silently), so a misspelt `readinesProbe` or a field put one level too deep
// would pass. Their TypeScript declarations, though, list every field: each object is
// type-checked as an object literal of its kind's interface, and TypeScript's
// excess-property check names every key the API does not know, at any depth.
import path from "node:path";
import ts from "typescript";
import { idOf } from "./render.mjs";

/** The package and interface declaring a kind, or undefined when none ships it. */
export function declarationOf({ apiVersion = "", kind }) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) return { module: `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`, name: `I${kind}` };
  if (/^[a-z0-9.]+\/v[0-9a-z]+$|^v1$/.test(apiVersion) && !apiVersion.includes(".cnpg.io")) return { module: `kubernetes-models/${apiVersion}/${kind}`, name: `I${kind}` };
  return undefined;
}

/**
 * Type-checks the objects that have a declaration; returns "<object>: <message>" for
 * each unknown field or wrong type. `root` is where node_modules resolve from.
 */
export function unknownFieldViolations(objects, root) {
  const file = path.join(root, "k8s/check/rendered.generated.ts");
  const imports = new Map();
  const lines = [];
  const owners = [];
  for (const object of objects) {
    const declaration = declarationOf(object);
    if (!declaration) continue;
    const alias = `T${imports.size}`;
    const key = `${declaration.module}#${declaration.name}`;
    if (!imports.has(key)) imports.set(key, { ...declaration, alias });
    owners.push({ line: lines.length, object });
    lines.push(`export const o${owners.length}: ${imports.get(key).alias} = ${JSON.stringify(object)};`);
  }
  const header = [...imports.values()].map((d) => `import type { ${d.name} as ${d.alias} } from "${d.module}";`);
  const source = [...header, ...lines].join("\n");
  const options = { strict: true, noEmit: true, skipLibCheck: true, types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const violations = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
    if (diagnostic.file?.fileName !== file) {
      violations.push(`k8s/check: ${message}`);
      continue;
    }
    const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line - header.length;
    const owner = owners.find((o) => o.line === line);
    violations.push(`${owner ? idOf(owner.object) : "?"}: schema: ${message}`);
  }
  return violations;
}
