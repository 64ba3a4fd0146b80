import { accessSync, constants, mkdirSync } from "node:fs";
import path from "node:path";
import { startDetached, untilReady } from "./detached.ts";
import { runningFromPidFile, stopPid } from "./leftover.ts";
import { accepting, address } from "./probe.ts";
import { MissingDependencyError, shown, type DevServicesSettings, type ProvidedService } from "./service.ts";

/** Where packages put nats-server besides PATH: Debian's /usr/sbin is often not on a user's PATH; Homebrew's on Apple silicon. */
export const NATS_SERVER_DIRS = ["/usr/sbin", "/usr/local/bin", "/opt/homebrew/bin"];

export function findNatsServer(searchPath: string | undefined, dirs: string[] = NATS_SERVER_DIRS): string | undefined {
  for (const dir of [...(searchPath ?? "").split(path.delimiter).filter(Boolean), ...dirs]) {
    const candidate = path.join(dir, "nats-server");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const natsMissing = (where: string, dirs: string[] = NATS_SERVER_DIRS) =>
  `NATS: nothing answers at ${where} and there is no nats-server on PATH or in ${dirs.join(", ")}. ` +
  "Install it (`apt-get install nats-server` or `brew install nats-server`), or point NATS_URL at a server with JetStream.";

export async function provideNats(env: NodeJS.ProcessEnv, settings: DevServicesSettings): Promise<ProvidedService> {
  const url = env.NATS_URL ?? settings.natsProbeUrl;
  const where = address(url, 4222);
  const answers = await accepting(where.host, where.port);
  if (env.NATS_URL) {
    if (answers) return { url, line: `NATS: ${where.text} (NATS_URL)`, stop: async () => {} };
    throw new MissingDependencyError(`NATS is not reachable at ${where.text} (NATS_URL). Start nats-server with JetStream (\`nats-server -js\`) or point NATS_URL at one.`);
  }
  if (answers) return { url, line: `NATS: ${where.text}`, stop: async () => {} };
  const binary = findNatsServer(env.PATH);
  if (!binary) throw new MissingDependencyError(natsMissing(where.text));
  return startNatsServer(binary, settings.dataDir, settings.natsPort);
}

/** nats-server with JetStream, its store in `<dataDir>/nats`, on 127.0.0.1:`port`. */
async function startNatsServer(binary: string, dataDir: string, port: number): Promise<ProvidedService> {
  const storeDir = path.join(dataDir, "nats");
  const pidFile = path.join(dataDir, "nats-server.pid");
  const logFile = path.join(dataDir, "nats-server.log");
  // A launcher killed with -9 leaves its nats-server running on the port and store.
  const leftover = runningFromPidFile(pidFile, "nats-server");
  if (leftover) await stopPid(leftover, "SIGTERM");
  if (await accepting("127.0.0.1", port)) {
    throw new MissingDependencyError(`Port ${port} for nats-server is taken by another process: stop it or choose another with DEV_NATS_PORT.`);
  }
  mkdirSync(storeDir, { recursive: true });
  const child = startDetached(binary, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", storeDir, "-P", pidFile], logFile);
  await untilReady(child, () => accepting("127.0.0.1", port, 1000), logFile).catch((error: Error) => {
    throw new MissingDependencyError(`${binary} did not start: ${error.message}. Or point NATS_URL at a server with JetStream.`);
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    line: `NATS: nats-server (${binary}), ${shown(storeDir)}, port ${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) await stopPid(child.pid!, "SIGTERM");
    },
  };
}
