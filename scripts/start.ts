import { startSystem } from "./system.ts";
import { MissingDependencyError } from "./dev-services/index.ts";
import { formatLogLine } from "./log-format.ts";

const started = Date.now();
try {
  const system = await startSystem({
    onDependency: (line) => console.log(line),
    onLine: (name, line) => console.log(formatLogLine(name, line)),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const board = system.routerUrl.replace(/\/graphql$/, "/board");
  console.log(`\n  Ready in ${seconds} s.\n  Apollo Sandbox: ${system.routerUrl}\n  Board:          ${board}\n`);
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("stopping every process…");
    await system.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  system.crashed.then((why) => {
    console.error(`${why}: stopping the system`);
    void shutdown(1);
  });
} catch (error) {
  console.error(error instanceof MissingDependencyError ? error.message : `could not start: ${(error as Error).message}`);
  process.exit(1);
}
