import { baseConfigSchema, databaseUrl, loadConfig } from "@airbnb/config";
import { dropDatabase, migrateContext } from "@airbnb/db";
import type { Identity } from "@airbnb/identity";
import { EventBus, streamPolicyOf } from "@airbnb/nats";
import { createLogger } from "@airbnb/observability";
import { runSubgraph, type RunningService, type SubgraphDefinition } from "@airbnb/service";
import { gql, type GraphQLResponse } from "./graphql-client.ts";
import { testEnv } from "./env.ts";
import { routerHeaders } from "./tokens.ts";

export interface TestSubgraph extends RunningService {
  url: string;
  env: NodeJS.ProcessEnv;
  /** The test's own connection to the subgraph's (emptied) stream, to publish events and watch what it publishes. */
  bus: EventBus;
  /** Calls the subgraph as the router would, on behalf of `identity`. */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, identity?: Identity | null): Promise<GraphQLResponse<T>>;
}

/** Starts a subgraph in this process on a fresh database and an isolated stream. */
export async function startTestSubgraph(
  definition: SubgraphDefinition,
  suite: string,
  extraEnv: Record<string, string> = {},
): Promise<TestSubgraph> {
  const env = testEnv(suite, { PORT: "0", ...extraEnv });
  await dropDatabase(databaseUrl(definition.name, env));
  await migrateContext(definition.name, env);
  const bus = await EventBus.connect({
    url: env.NATS_URL ?? "nats://127.0.0.1:4222",
    name: `${suite}-test`,
    stream: env.NATS_STREAM!,
    prefix: env.NATS_SUBJECT_PREFIX!,
    logger: createLogger(`${suite}-test`, "error"),
    streams: streamPolicyOf(loadConfig(baseConfigSchema, env)),
  });
  await bus.jsm.streams.purge(env.NATS_STREAM!);
  const running = await runSubgraph(definition, env);
  const url = `http://127.0.0.1:${running.port}/graphql`;
  return {
    ...running,
    async stop() {
      await running.stop();
      await bus.close();
    },
    url,
    env,
    bus,
    query: async (query, variables = {}, identity = null) => gql(url, query, variables, await routerHeaders(identity)),
  };
}
