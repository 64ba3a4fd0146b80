import { CONTEXTS, type ContextName } from "@airbnb/config";
import { testEnv } from "@airbnb/testkit";

/** The bench's own ports (router BASE, subgraphs BASE+1…), databases (`tbench_*`) and stream (T_BENCH). */
export const BASE = Number(process.env.BENCH_PORT_BASE ?? 4700);

export function benchEnv(): NodeJS.ProcessEnv {
  const ports = (Object.keys(CONTEXTS) as ContextName[]).reduce<Record<string, string>>(
    (acc, context) => ({ ...acc, [`${context.toUpperCase()}_PORT`]: String(BASE + CONTEXTS[context] - 4000) }),
    { ROUTER_PORT: String(BASE) },
  );
  return testEnv("bench", {
    ...ports,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    // One load generator is one address and a few users: limits far above what it sends,
    // so the limiter still runs on every request (its cost is measured) but never refuses.
    RATE_LIMIT_PER_IP_PER_MINUTE: "100000000",
    RATE_LIMIT_PER_USER_PER_MINUTE: "100000000",
    WS_UPGRADES_PER_IP_PER_MINUTE: "0",
    ...process.env.BENCH_EXTRA_ENV ? JSON.parse(process.env.BENCH_EXTRA_ENV) : {},
  });
}
