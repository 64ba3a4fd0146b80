// Every YAML file under k8s/ read as YAML 1.2 (core schema, strict, unique keys), and
// compared with how a YAML 1.1 reader (kubectl's go-yaml, many CI tools) reads it: a
// scalar such as `on`, `no` or `010` means a boolean or an octal there and a string or
// decimal here, so it must be quoted to mean one thing to every reader.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments } from "yaml";

const yamlFiles = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });

const read = (text, options) => parseAllDocuments(text, { strict: true, uniqueKeys: true, prettyErrors: false, ...options });

/** Problems of the YAML source files under `dir`, as "<file>: <problem>". */
export function strictYamlViolations(dir, root) {
  const violations = [];
  for (const file of yamlFiles(dir)) {
    const name = path.relative(root, file);
    const text = readFileSync(file, "utf8");
    const core = read(text, { version: "1.2", schema: "core" });
    const errors = core.flatMap((doc) => [...doc.errors, ...doc.warnings]);
    if (errors.length) {
      violations.push(`${name}: ${errors[0].message.split("\n")[0]}`);
      continue;
    }
    const older = read(text, { version: "1.1", schema: "yaml-1.1" });
    core.forEach((doc, i) => {
      if (!isDeepStrictEqual(doc.toJS(), older[i]?.toJS())) violations.push(`${name}: document ${i + 1} reads differently as YAML 1.1 (quote scalars such as on/off/yes/no/y/n or numbers with leading zeros)`);
    });
  }
  return violations;
}
