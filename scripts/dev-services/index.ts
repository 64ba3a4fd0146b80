/**
 * What `npm start` needs besides Node: a Postgres and a NATS JetStream. A server named by
 * the environment is used or reported; otherwise one answering at the default address is
 * used; otherwise the launcher runs its own (embedded Postgres, the local nats-server)
 * with data in `.data/`, and stops it with the system.
 */
import { provideNats } from "./nats.ts";
import { providePostgres, requirePostgres } from "./postgres.ts";
import { devServicesSettings, type ProvidedService } from "./service.ts";

export { MissingDependencyError } from "./service.ts";

export const requirePostgresServer = (env: NodeJS.ProcessEnv) => requirePostgres(env, devServicesSettings(env));

export interface DevServices {
  /** The environment with POSTGRES_URL and NATS_URL of what is used. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startDevServices(env: NodeJS.ProcessEnv, onLine: (line: string) => void = () => {}): Promise<DevServices> {
  const settings = devServicesSettings(env);
  const provided: ProvidedService[] = [];
  const stop = async () => {
    for (const service of [...provided].reverse()) await service.stop();
  };
  try {
    for (const provide of [providePostgres, provideNats]) {
      const service = await provide(env, settings);
      provided.push(service);
      onLine(service.line);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const [postgres, nats] = provided;
  return { env: { ...env, POSTGRES_URL: postgres!.url, NATS_URL: nats!.url }, stop };
}
