import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { loadConfig } from "@airbnb/config";
import { InternalTokens, userTokenVerifier } from "@airbnb/identity";
import { EventBus, natsMetrics, natsAuthOf, streamPolicyOf } from "@airbnb/nats";
import { createLogger, createMetricsRegistry, operationMetrics, tracingEnabled, withServerSpan } from "@airbnb/observability";
import { errorFormatter, executeGraphQL, formatGraphQLErrors, readGraphQLBody, sendGraphQLError, sendJson } from "@airbnb/service";
import { routerConfigSchema } from "./config.ts";
import { metricsPlugin } from "./metrics.ts";
import { RouterContexts, type RouterContext } from "./router-context.ts";
import { SubgraphDataSource } from "./subgraph-data-source.ts";
import { isBoardPath, serveBoard } from "./board-page.ts";
import { executeThroughApollo, startSubscriptions, trackApiSchema, type ExecuteAs } from "./subscriptions/index.ts";
import { composeSupergraph, subgraphsToCompose } from "./supergraph.ts";
import { securityLimits } from "./limits/index.ts";
import { cachedVerifier, createFastPath, FastSubgraphDataSource, fastPathParts } from "./fast-path/index.ts";
import { OperationPipeline, Refusal } from "./pipeline/operation-pipeline.ts";
import { pipelinePlugin } from "./pipeline/apollo-plugin.ts";
import { gatewayExecutor } from "./pipeline/gateway-executor.ts";

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
  const fastParts = fastPathParts(env);
  // @apollo/gateway 2.x exports usage metrics to Apollo every minute unless APOLLO_TELEMETRY_DISABLED is
  // set: a self-hosted router sends nothing to a third party by default (and where it cannot reach it,
  // each failed export left an error with a source-mapped stack in the router's profile).
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) => {
      const options = { url, writesInFlight: config.SUBGRAPH_WRITES_IN_FLIGHT };
      return fastParts.fetcher ? new FastSubgraphDataSource(options) : new SubgraphDataSource(options);
    },
  });
  const apiSchema = trackApiSchema(gateway);
  const registry = createMetricsRegistry("router");
  const operations = operationMetrics(registry);
  const limits = securityLimits(config, { registry });
  const formatError = limits.formatError(errorFormatter(logger));
  const pipeline = new OperationPipeline({ parseOptions: limits.parseOptions, introspection: !production, limits: limits.queryLimits, onTooComplex: limits.tooComplex });
  const apollo = new ApolloServer<RouterContext>({
    gateway,
    // The introspection gate and the production error wording are the pipeline's, for every door.
    introspection: true,
    validationRules: pipeline.extraValidationRules,
    includeStacktraceInErrorResponses: false,
    // Our process owns SIGTERM: readiness off, drain, then stop (see stop()).
    stopOnTerminationSignals: false,
    formatError,
    parseOptions: pipeline.parseOptions,
    plugins: [
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      metricsPlugin(operations),
      pipelinePlugin(pipeline),
    ],
  });
  await apollo.start();
  const bus = await EventBus.connect({ url: config.NATS_URL, name: "router", stream: config.NATS_STREAM, prefix: config.NATS_SUBJECT_PREFIX, logger, streams: streamPolicyOf(config), auth: natsAuthOf(config) });
  natsMetrics(registry, bus, { everyDurable: true });
  const contexts = new RouterContexts(fastParts.tokens ? cachedVerifier(userTokenVerifier(config)) : userTokenVerifier(config), new InternalTokens(config.INTERNAL_SECRET, "router"));
  // A traced request runs the gateway's whole executor, so its trace keeps every span the gateway makes (plan, validate).
  const executePrepared = gatewayExecutor(gateway, logger, fastParts.plans ? tracingEnabled : () => true);
  const fast = fastParts.handler ? createFastPath({ apollo, schema: apiSchema, pipeline, execute: executePrepared, contexts, registry, operations, formatError }) : undefined;

  let accepting = true;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (await limits.refused(req, res, path ?? "", async (authorization) => (await contexts.identityOf(authorization))?.userId ?? null)) return;
    if (isBoardPath(path ?? "")) return serveBoard(req, res);
    switch (path) {
      case "/graphql":
        // The client's `traceparent`, if any, is continued: the gateway's spans (plan, fetches) are children of this one.
        return withServerSpan(req.headers, `${req.method} /graphql`, { "http.request.method": req.method ?? "", "url.path": path }, async () => {
          if (fast && (await fast.handle(req, res))) return;
          return readGraphQLBody(req, res).then((read) => read && executeGraphQL(apollo, req, res, () => contexts.forRequest(req), read.body));
        });
      case "/healthz":
        return sendJson(res, 200, { status: "ok" });
      case "/readyz": {
        // Serving needs the supergraph composed; NATS being away only pauses live pushes (nats_connected on /metrics).
        const composed = (() => {
          try {
            return Boolean(apiSchema());
          } catch {
            return false;
          }
        })();
        const ready = accepting && composed;
        return sendJson(res, ready ? 200 : 503, { ready, subgraphs });
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
  const execute: ExecuteAs = fast
    ? async (query, variables, context) => {
      const prepared = pipeline.prepare("push", apiSchema(), { query, variables });
      if (prepared instanceof Refusal) return { errors: formatGraphQLErrors(prepared.errors, formatError) };
      const { data, errors } = await executePrepared(prepared, context);
      return { data, ...(errors?.length ? { errors: formatGraphQLErrors(errors, formatError) } : {}) };
    }
    : executeThroughApollo(apollo);
  const subscriptions = await startSubscriptions({
    server, execute, schema: apiSchema, pipeline, formatError, upgradeRefused: limits.upgradeRefused, authenticatedFields, bus, contexts, logger, metrics: registry,
    limits: { subscriptionsPerSocket: config.SUBSCRIPTIONS_PER_SOCKET, socketsPerIdentity: config.SOCKETS_PER_IDENTITY },
  });
  logger.info({ url, subgraphs }, "router ready");

  return {
    port,
    url,
    /**
     * Like a subgraph: readiness 503 while still serving for SHUTDOWN_DELAY_MS (the load
     * balancer stops sending new connections), then the WebSockets close with 1012
     * (service restart), on which graphql-ws clients reconnect (to another replica)
     * and resubscribe, then the listener.
     */
    async stop() {
      accepting = false;
      await new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DELAY_MS));
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
