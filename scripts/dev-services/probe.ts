import net from "node:net";
import pg from "pg";
import { pgConnectionFields } from "@airbnb/config";

/** 15 (this project's CI) and 17 (the embedded one) are tested; older releases are out of support. */
export const MIN_POSTGRES_VERSION = 150000;

export type PostgresProbe =
  | { state: "ready"; version: string }
  /** Nothing listens there: free to embed one. */
  | { state: "absent"; reason: string }
  /** Something is there but will not do: wrong password, unknown role, too old, not Postgres, no answer in time. */
  | { state: "refused"; reason: string };

const ABSENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

export async function probePostgres(url: string, timeoutMs = 3000): Promise<PostgresProbe> {
  const { database: _database, ...server } = pgConnectionFields(url);
  const client = new pg.Client({ ...server, database: "postgres", connectionTimeoutMillis: timeoutMs });
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return code !== undefined && ABSENT.has(code) ? { state: "absent", reason: code } : { state: "refused", reason: message };
  }
  try {
    const { rows } = await client.query<{ num: string; text: string }>("SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS text");
    const { num, text } = rows[0]!;
    if (Number(num) < MIN_POSTGRES_VERSION) return { state: "refused", reason: `version ${text} is older than ${MIN_POSTGRES_VERSION / 10000}` };
    return { state: "ready", version: text };
  } catch (error) {
    return { state: "refused", reason: (error as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function accepting(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs });
    const settle = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => settle(true)).once("error", () => settle(false)).once("timeout", () => settle(false));
  });
}

/** host:port of a postgresql:// or nats:// URL (the first of a comma-separated list). */
export function address(url: string, defaultPort: number): { host: string; port: number; text: string } {
  const u = new URL(url.split(",")[0]!.trim());
  const port = Number(u.port || defaultPort);
  return { host: u.hostname, port, text: `${u.hostname}:${port}` };
}
