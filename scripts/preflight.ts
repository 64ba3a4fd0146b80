import net from "node:net";
import pg from "pg";
import { pgConnectionFields } from "@airbnb/config";

export class MissingDependencyError extends Error {}

/** One clear line per missing dependency: what, where it was looked for, how to provide it. */
export async function preflight(env: NodeJS.ProcessEnv): Promise<void> {
  const postgresUrl = env.POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432";
  const { database: _database, ...server } = pgConnectionFields(postgresUrl);
  const client = new pg.Client({ ...server, database: "postgres", connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    throw new MissingDependencyError(
      `Postgres is not reachable at ${server.host}:${server.port} (POSTGRES_URL) as user ${server.user}: ${(error as Error).message}. ` +
        "Start it (e.g. `pg_ctlcluster 15 main start`) or point POSTGRES_URL at a server.",
    );
  }
  const natsUrl = new URL((env.NATS_URL ?? "nats://127.0.0.1:4222").split(",")[0]!);
  const natsPort = Number(natsUrl.port || 4222);
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: natsUrl.hostname, port: natsPort, timeout: 3000 });
    const settle = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => settle(true)).once("error", () => settle(false)).once("timeout", () => settle(false));
  });
  if (!reachable) {
    throw new MissingDependencyError(
      `NATS is not reachable at ${natsUrl.hostname}:${natsPort} (NATS_URL). ` +
        "Start nats-server with JetStream (e.g. `nats-server -js`) or point NATS_URL at one.",
    );
  }
}
