import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import { Server as NetServer, type AddressInfo, type Socket } from "node:net";
import { parse, type GraphQLScalarType, type OperationDefinitionNode } from "graphql";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { baseConfigSchema, contextPort, databaseUrl, loadConfig, systemSources, type BaseConfig, type ContextName } from "@airbnb/config";
import type { Registry } from "prom-client";
import { claimAhead, connectDatabase, databaseMetrics, OutboxRelay, type Database } from "@airbnb/db";
import { INTERNAL_IDENTITY_HEADER, InternalTokens, type Identity } from "@airbnb/identity";
import { DomainError, type Sources } from "@airbnb/kernel";
import { EventBus, natsMetrics, startConsumer, natsAuthOf, streamPolicyOf, type EventConsumer, type RunningConsumer } from "@airbnb/nats";
import { createLogger, createMetricsRegistry, operationLabel, operationMetrics, tracingEnabled, withServerSpan, type Logger } from "@airbnb/observability";
import { errorFormatter } from "./format-error.ts";
import { subgraphFastPath } from "./graphql-fast-path.ts";
import { readGraphQLBody, readJsonBody, RequestBodyError, sendGraphQLError, sendJson } from "./http-graphql.ts";
import { requestIdOf, type RequestContext } from "./request-context.ts";
import { stringArgumentsPlugin } from "./string-arguments.ts";
import { traceRootFields } from "./traced-resolvers.ts";

const READINESS_QUERY_TIMEOUT_MS = 2_000;

/** SELECT 1 answered within the probe's budget (the kubelet gives up after 3 s). */
function databaseReachable(probe: Database): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READINESS_QUERY_TIMEOUT_MS)));
  const answered = probe.query`SELECT 1`.then(() => true, () => false);
  return Promise.race([answered, timedOut]).finally(() => clearTimeout(timer));
}

/**
 * The body limit of a request the router signed (the caller is verified before
 * the body is read): its `_entities` fetches carry every representation of one
 * plan step, which the router's cost limit bounds (10,000 objects by default,
 * ~100 bytes each) well below this, so no client request can make the system
 * refuse its own fetch with a 413. Clients' bodies stay at 1 MiB at the router.
 */
const ROUTER_REQUEST_BYTES = 16 * 1024 * 1024;

/** A JSON endpoint for other services (never the public API), under /internal/<name>. */
export type InternalRoute = (body: unknown, caller: Identity | null, requestId: string) => Promise<unknown>;

/**
 * A subgraph's resolvers. Each subgraph types its own with the `Resolvers` generated from its
 * schema (federation's `__resolveReference` included), which Apollo's resolver map cannot express.
 */
export type SubgraphResolvers = Record<string, GraphQLScalarType | Record<string, unknown> | undefined>;

export interface SubgraphParts {
  resolvers: SubgraphResolvers;
  /** Made by `eventConsumer`, which holds each one's handlers to its filter. */
  consumers?: EventConsumer[];
  routes?: Record<string, InternalRoute>;
  /** Releases what `build` started beyond the shared infrastructure (timers, HTTP agents). */
  stop?: () => Promise<void>;
}

export interface Infrastructure {
  db: Database;
  bus: EventBus;
  relay: OutboxRelay;
  logger: Logger;
  config: BaseConfig;
  /** The environment this subgraph was started with, for settings of its own. */
  env: NodeJS.ProcessEnv;
  tokens: InternalTokens;
  /** This process's Prometheus registry (served on /metrics), for metrics of its own. */
  metrics: Registry;
  /** The clock (moved by CLOCK_OFFSET_DAYS) and id source every use case of the subgraph is given. */
  sources: Sources;
}

export interface SubgraphDefinition {
  name: ContextName;
  /** The SDL-first schema of the subgraph. */
  schemaFile: URL;
  /** Connections in the database pool; 10 by default. */
  poolSize?: number;
  build(infra: Infrastructure): SubgraphParts | Promise<SubgraphParts>;
}

export interface RunningService {
  port: number;
  /** Readiness off, in-flight requests finished, consumers drained, relay stopped, connections closed. */
  stop(): Promise<void>;
}

export async function runSubgraph(definition: SubgraphDefinition, env = process.env): Promise<RunningService> {
  const config = loadConfig(baseConfigSchema, env);
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const bus = await EventBus.connect({ url: config.NATS_URL, name: definition.name, stream: config.NATS_STREAM, prefix: config.NATS_SUBJECT_PREFIX, logger, streams: streamPolicyOf(config), auth: natsAuthOf(config) });
  const lostConnection = (error: Error) => logger.warn({ err: error }, "idle database connection lost");
  const db = connectDatabase(databaseUrl(definition.name, env), definition.poolSize, lostConnection);
  // Readiness and the outbox gauges use a connection of their own: a saturated request
  // pool (callers queueing) is load, not a reason to leave the Service.
  const probe = connectDatabase(databaseUrl(definition.name, env), 1, lostConnection);
  const metrics = createMetricsRegistry(definition.name);
  const consumerMetrics = natsMetrics(metrics, bus);
  databaseMetrics(metrics, db, probe);
  const relay = new OutboxRelay(db, bus, logger.child({ component: "outbox" }), { retentionHours: config.OUTBOX_RETENTION_HOURS });
  const tokens = new InternalTokens(config.INTERNAL_SECRET, definition.name);
  const parts = await definition.build({ db, bus, relay, logger, config, env, tokens, metrics, sources: systemSources(env) });

  const schema = buildSubgraphSchema({ typeDefs: parse(readFileSync(definition.schemaFile, "utf8")), resolvers: parts.resolvers as GraphQLResolverMap<unknown> });
  if (tracingEnabled()) traceRootFields(schema);
  const operations = operationMetrics(metrics);
  const format = errorFormatter(logger);
  const formatError: typeof format = (formatted, error) => {
    const answered = format(formatted, error);
    operations.error(String(answered.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
    return answered;
  };
  const apollo = new ApolloServer<RequestContext>({
    schema,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled(), stringArgumentsPlugin()],
    formatError,
    includeStacktraceInErrorResponses: false,
    // Our process owns SIGTERM: readiness off, drain, then stop (see stop()).
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const serveGraphQL = subgraphFastPath(schema, apollo, formatError);

  let accepting = true;
  // Serving needs the database and streams fit to publish to; NATS being away does not
  // stop requests (events wait in the outbox): its state is the nats_connected metric.
  const ready = async () => accepting && (await databaseReachable(probe)) && (await bus.streamsFit());

  const callerOf = async (req: IncomingMessage): Promise<Identity | null | undefined> => {
    const token = req.headers[INTERNAL_IDENTITY_HEADER];
    if (typeof token !== "string") return undefined;
    return tokens.verify(token).catch(() => undefined);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (path === "/readyz") {
      const isReady = await ready();
      return sendJson(res, isReady ? 200 : 503, { ready: isReady });
    }
    // The subgraph port is reached by the router, Prometheus and kubelet only (NetworkPolicy); no Ingress routes to it.
    if (path === "/metrics") {
      res.writeHead(200, { "content-type": metrics.contentType });
      return res.end(await metrics.metrics());
    }
    const caller = await callerOf(req);
    if (caller === undefined) {
      return sendGraphQLError(res, 401, "UNAUTHENTICATED", "subgraphs answer only the router: call http://…/graphql on the router");
    }
    const requestId = requestIdOf(req);
    if (path === "/graphql") {
      return withServerSpan(req.headers, "POST /graphql", { "http.request.method": "POST", "url.path": path }, async () => {
        const read = await readGraphQLBody(req, res, ROUTER_REQUEST_BYTES);
        const started = performance.now();
        const served = (operation: OperationDefinitionNode | undefined, failed: boolean) =>
          operations.served(operation?.operation ?? "unknown", operationLabel(operation), failed, (performance.now() - started) / 1000);
        return read && serveGraphQL(req, res, read.body, async () => ({ identity: caller, requestId, logger: logger.child({ requestId }) }), served);
      });
    }
    const route = path?.startsWith("/internal/") ? parts.routes?.[path.slice("/internal/".length)] : undefined;
    if (!route || req.method !== "POST") return sendJson(res, 404, { error: "not found" });
    return withServerSpan(req.headers, `POST ${path}`, { "http.request.method": "POST", "url.path": path }, async () => {
      try {
        return sendJson(res, 200, await route(await readJsonBody(req), caller, requestId));
      } catch (error) {
        if (error instanceof DomainError) return sendJson(res, 422, { code: error.code, message: error.message, ...error.details });
        if (error instanceof RequestBodyError) return sendJson(res, error.status, { code: "BAD_REQUEST", message: error.message });
        throw error;
      }
    });
  };

  // While draining, every answer closes its connection, so clients stop reusing it.
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    inFlight.add(res);
    res.once("close", () => inFlight.delete(res));
    if (draining) res.setHeader("connection", "close");
    handle(req, res).catch((error) => {
      logger.error({ err: error }, "request failed");
      if (!res.headersSent) sendGraphQLError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
    });
  });
  // Advertised as `Keep-Alive: timeout=5`: clients (undici) close idle connections a little
  // before that, so they never write onto one the server is closing, nor do they hold a
  // draining server beyond SHUTDOWN_DRAIN_MS (default 5 s).
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const port = Number(env.PORT ?? contextPort(definition.name, env));
  await new Promise<void>((resolve) => server.listen(port, config.HOST, resolve));

  relay.start();
  const consumers: RunningConsumer[] = [];
  for (const consumer of parts.consumers ?? []) {
    consumers.push(await startConsumer(bus, {
      ...consumer,
      context: definition.name,
      metrics: consumerMetrics,
      unitOfWork: (work) => db.unitOfWork(work),
      ...(consumer.inbox ? { claimAhead: (ids: string[]) => claimAhead(db, definition.name, ids) } : {}),
    }));
  }
  const actualPort = (server.address() as AddressInfo).port;
  logger.info({ port: actualPort }, `${definition.name} subgraph ready`);

  /**
   * Stops listening (new connections are refused, so a caller with another
   * replica fails over without having sent anything) but leaves open
   * connections alone: http.Server#close would cut idle keep-alive connections
   * at once, racing a request the client may be writing onto one. Requests
   * in flight or still arriving are answered with `Connection: close`; clients
   * close idle connections on their own keep-alive timeout (the router's is
   * shorter than SHUTDOWN_DRAIN_MS); idle ones left then are cut.
   */
  const drainHttp = () => new Promise<void>((resolve) => {
    draining = true;
    for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
    NetServer.prototype.close.call(server, () => resolve());
    const cut = setTimeout(() => {
      if (sockets.size > 0) logger.warn({ connections: sockets.size, inFlight: inFlight.size }, "connections still open after SHUTDOWN_DRAIN_MS; closing the idle ones");
      server.closeIdleConnections();
    }, config.SHUTDOWN_DRAIN_MS);
    cut.unref();
    server.once("close", () => clearTimeout(cut));
  });

  return {
    port: actualPort,
    async stop() {
      accepting = false;
      const step = async (name: string, work: () => Promise<unknown>) => {
        const started = Date.now();
        await work();
        logger.debug({ step: name, ms: Date.now() - started }, "shutdown step done");
      };
      // Readiness is 503 from here; the load balancer gets SHUTDOWN_DELAY_MS to stop sending.
      await step("delay", () => new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DELAY_MS)));
      await step("http", () => drainHttp());
      await step("apollo", () => apollo.stop());
      await step("consumers", () => Promise.all(consumers.map((consumer) => consumer.stop())));
      await step("relay", () => relay.stop());
      await step("parts", async () => parts.stop?.());
      await step("nats", () => bus.close());
      await step("db", () => Promise.all([db.close(), probe.close()]));
      logger.info(`${definition.name} subgraph stopped`);
    },
  };
}
