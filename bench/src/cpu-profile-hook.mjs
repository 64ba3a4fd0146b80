// Loaded with NODE_OPTIONS="--import=<this file>" (node refuses --cpu-prof in NODE_OPTIONS):
// profiles the process from start to exit and writes a .cpuprofile to BENCH_CPU_PROFILE_DIR.
import { Session } from "node:inspector";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROFILE_DIR ?? "bench/results/profiles";
const session = new Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.setSamplingInterval", { interval: 1000 });
session.post("Profiler.start");
let written = false;
process.on("exit", () => {
  if (written) return;
  written = true;
  // An in-process session answers synchronously, so this works inside "exit".
  session.post("Profiler.stop", (error, result) => {
    if (error) return;
    mkdirSync(dir, { recursive: true });
    const name = `${path.basename(process.argv[1] ?? "node").replace(/\W+/g, "-")}-${process.pid}-${Date.now()}.cpuprofile`;
    writeFileSync(path.join(dir, name), JSON.stringify(result.profile));
  });
});
