import type { TestProject } from "vitest/node";
import { CONTEXTS, databaseUrl, type ContextName } from "@airbnb/config";
import { dropDatabase } from "@airbnb/db";
import { testEnv } from "@airbnb/testkit";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { availableContexts, startSystem } from "../scripts/system.ts";
import { formatLogLine } from "../scripts/log-format.ts";

declare module "vitest" {
  export interface ProvidedContext {
    routerUrl: string;
    e2eEnv: Record<string, string>;
  }
}

/**
 * Ports apart from `npm start`'s (router 4100, subgraphs 4101…), so the suite
 * runs beside a running system; E2E_PORT_BASE moves them (and the databases
 * and stream) for a second suite running at the same time.
 */
const base = Number(process.env.E2E_PORT_BASE ?? 4100);
const ports = (Object.keys(CONTEXTS) as ContextName[]).reduce<Record<string, string>>(
  (acc, context) => ({ ...acc, [`${context.toUpperCase()}_PORT`]: String(base + CONTEXTS[context] - 4000) }),
  { ROUTER_PORT: String(base) },
);

export default async function setup(project: TestProject) {
  const env = testEnv(base === 4100 ? "e2e" : `e2e${base}`, {
    ...ports,
    PAYMENT_BREAKER_HALF_OPEN_MS: "2000",
    // Integration suites share the Postgres server (max_connections 100) while this system runs.
    DATABASE_POOL_MAX: "6",
    // The router's defaults, set here so security.test.ts knows them; the suite stays far below them from 127.0.0.1.
    RATE_LIMIT_PER_IP_PER_MINUTE: "6000",
    RATE_LIMIT_PER_USER_PER_MINUTE: "1200",
    // subscriptions-load.test.ts opens 1,000 sockets from 127.0.0.1 within a minute.
    WS_UPGRADES_PER_IP_PER_MINUTE: "3000",
  });
  await Promise.all(availableContexts().map((context) => dropDatabase(databaseUrl(context, env))));
  const nc = await connect({ servers: env.NATS_URL ?? "nats://127.0.0.1:4222" });
  const jsm = await jetstreamManager(nc);
  for (const stream of [env.NATS_STREAM!, `${env.NATS_STREAM}_DLQ`]) await jsm.streams.delete(stream).catch(() => false);
  await nc.close();

  const verbose = process.env.E2E_LOGS === "1";
  const system = await startSystem({
    env,
    onLine: (name, line) => {
      if (verbose || /"level":(50|60)/.test(line)) console.log(formatLogLine(name, line));
    },
  });
  project.provide("routerUrl", system.routerUrl);
  project.provide("e2eEnv", Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string")));
  return () => system.stop();
}
