import path from "node:path";
import { fileURLToPath } from "node:url";

/** A dependency the launcher found or started: where it is, the line `npm start` prints, how to stop it. */
export interface ProvidedService {
  url: string;
  line: string;
  stop(): Promise<void>;
}

/** One line naming what is missing, where it was looked for and how to provide it; printed without a stack trace. */
export class MissingDependencyError extends Error {}

export interface DevServicesSettings {
  /** `.data` in the checkout: `postgres/` and `nats/` below it (DEV_DATA_DIR). */
  dataDir: string;
  /** Where a default server is looked for (DEV_POSTGRES_PROBE_URL, DEV_NATS_PROBE_URL); tests point them at closed ports. */
  postgresProbeUrl: string;
  natsProbeUrl: string;
  /** The ports of the servers the launcher starts (DEV_POSTGRES_PORT, DEV_NATS_PORT): beside the defaults, never on them. */
  postgresPort: number;
  natsPort: number;
}

export const DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432";
export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function devServicesSettings(env: NodeJS.ProcessEnv): DevServicesSettings {
  return {
    dataDir: path.resolve(env.DEV_DATA_DIR ?? path.join(root, ".data")),
    postgresProbeUrl: env.DEV_POSTGRES_PROBE_URL ?? DEFAULT_POSTGRES_URL,
    natsProbeUrl: env.DEV_NATS_PROBE_URL ?? DEFAULT_NATS_URL,
    postgresPort: Number(env.DEV_POSTGRES_PORT ?? 5433),
    natsPort: Number(env.DEV_NATS_PORT ?? 4223),
  };
}

/** A path as a person reads it: relative to where they ran the command when it lies below. */
export function shown(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : dir;
}
