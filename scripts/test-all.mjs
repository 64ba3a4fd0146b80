// `npm test`: the unit, integration and e2e projects first, then the fault suite in a
// second vitest run, so its NATS and process kills never overlap another suite.
// Both runs write JSON results to test-results/; the summary line sums them, and counts
// as failed each file that failed outside its tests (a throwing beforeAll, an import
// error: its tests are only "skipped") and each run that left no results.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const vitest = path.join(root, "node_modules/vitest/vitest.mjs");
const extra = process.argv.slice(2);
const runs = [
  { name: "main", projects: ["unit", "integration", "e2e"] },
  { name: "faults", projects: ["faults"] },
];

mkdirSync(path.join(root, "test-results"), { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
let total = 0;
let ok = true;
const brokenFiles = [];
for (const run of runs) {
  const output = path.join(root, "test-results", `vitest-${run.name}.json`);
  rmSync(output, { force: true });
  const args = [vitest, "run", ...run.projects.flatMap((p) => ["--project", p]), "--reporter=default", "--reporter=json", `--outputFile.json=${output}`, ...extra];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) ok = false;
  try {
    const report = JSON.parse(readFileSync(output, "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    total += report.numTotalTests;
    for (const file of report.testResults) {
      if (file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed")) brokenFiles.push(path.relative(root, file.name));
    }
  } catch {
    console.error(`test-all: no results from the ${run.name} run`);
    failed++;
    ok = false;
  }
}
failed += brokenFiles.length;
if (brokenFiles.length) console.log(`failed outside their tests (see the output above): ${brokenFiles.join(", ")}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(ok && total > 0 && failed === 0 ? 0 : 1);
