import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { loadConfig } from "@airbnb/config";
import { InternalTokens, userTokenVerifier } from "@airbnb/identity";
import { EventBus } from "@airbnb/nats";
import { createLogger, createMetricsRegistry } from "@airbnb/observability";
import { errorFormatter, executeGraphQL, sendGraphQLError, sendJson } from "@airbnb/service";
import { routerConfigSchema } from "./config.ts";
import { metricsPlugin } from "./metrics.ts";
import { RouterContexts, type RouterContext } from "./router-context.ts";
import { SubgraphDataSource } from "./subgraph-data-source.ts";
import { startSubscriptions, subscriptionsOverHttpRefused, trackApiSchema } from "./subscriptions/index.ts";
import { composeSupergraph, subgraphsToCompose } from "./supergraph.ts";

export interface RunningRouter {
  port: number;
  url: string;
  stop(): Promise<void>;
}

export async function startRouter(env: NodeJS.ProcessEnv = process.env): Promise<RunningRouter> {
  const config = loadConfig(routerConfigSchema, env);
  const logger = createLogger("router", config.LOG_LEVEL);
  const production = config.NODE_ENV === "production";
  const subgraphs = subgraphsToCompose(config.SUBGRAPHS);
  const { supergraphSdl, authenticatedFields } = composeSupergraph(subgraphs, env);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) => new SubgraphDataSource({ url }),
  });
  const apiSchema = trackApiSchema(gateway);
  const registry = createMetricsRegistry("router");
  const apollo = new ApolloServer<RouterContext>({
    gateway,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    // Our process owns SIGTERM: readiness off, drain, then stop (see stop()).
    stopOnTerminationSignals: false,
    formatError: errorFormatter(logger),
    plugins: [
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      metricsPlugin(registry),
      subscriptionsOverHttpRefused,
    ],
  });
  await apollo.start();
  const bus = await EventBus.connect({ url: config.NATS_URL, name: "router", stream: config.NATS_STREAM, prefix: config.NATS_SUBJECT_PREFIX, logger });
  const contexts = new RouterContexts(userTokenVerifier(config), new InternalTokens(config.INTERNAL_SECRET, "router"));

  let accepting = true;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    switch (path) {
      case "/graphql":
        return executeGraphQL(apollo, req, res, () => contexts.forRequest(req));
      case "/healthz":
        return sendJson(res, 200, { status: "ok" });
      case "/readyz": {
        const ready = accepting && bus.connected;
        return sendJson(res, ready ? 200 : 503, { ready, subgraphs, nats: bus.connected });
      }
      case "/metrics":
        res.writeHead(200, { "content-type": registry.contentType });
        return res.end(await registry.metrics());
      default:
        return sendJson(res, 404, { error: "not found: the API is at /graphql" });
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      logger.error({ err: error }, "request failed");
      if (!res.headersSent) sendGraphQLError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.ROUTER_PORT, config.HOST, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}/graphql`;
  const subscriptions = await startSubscriptions({
    server, apollo, schema: apiSchema, authenticatedFields, bus, contexts, logger, metrics: registry,
    limits: { subscriptionsPerSocket: config.SUBSCRIPTIONS_PER_SOCKET, socketsPerIdentity: config.SOCKETS_PER_IDENTITY },
  });
  logger.info({ url, subgraphs }, "router ready");

  return {
    port,
    url,
    async stop() {
      accepting = false;
      await subscriptions.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
      await bus.close();
    },
  };
}
