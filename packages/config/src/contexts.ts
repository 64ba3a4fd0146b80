/** Every bounded context with its default port: the one list the launcher, router and tests share. */
export const CONTEXTS = {
  room: 4001,
  reservation: 4002,
  payment: 4003,
  mileage: 4004,
  review: 4005,
  message: 4006,
  viewpage: 4007,
} as const;

export type ContextName = keyof typeof CONTEXTS;

const envName = (context: ContextName, suffix: string) => `${context.toUpperCase()}_${suffix}`;

export function contextPort(context: ContextName, env: NodeJS.ProcessEnv = process.env): number {
  return Number(env[envName(context, "PORT")] ?? CONTEXTS[context]);
}

export function contextUrl(context: ContextName, env: NodeJS.ProcessEnv = process.env): string {
  return env[envName(context, "URL")] ?? `http://127.0.0.1:${contextPort(context, env)}`;
}

export function databaseUrl(context: ContextName, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[envName(context, "DATABASE_URL")];
  if (explicit) return explicit;
  const url = new URL(env.POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432");
  url.pathname = `/${env.DATABASE_PREFIX ?? "airbnb_"}${context}`;
  return url.toString();
}

/** pg lets a connection string override `database` (adapter-pg's shadow database relies on it); discrete fields keep it. */
export function pgConnectionFields(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}
