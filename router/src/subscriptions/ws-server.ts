import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import type { VerifiedIdentity } from "@airbnb/identity";
import type { Logger } from "@airbnb/observability";
import type { RouterContexts } from "../router-context.ts";
import type { UpgradeRefusal } from "../limits/index.ts";
import { Refusal, type OperationPipeline } from "../pipeline/operation-pipeline.ts";
import { liveSpecOf, type LiveSpec } from "./live-operation.ts";
import type { LiveRegistry } from "./live-registry.ts";

export interface SubscriptionLimits {
  subscriptionsPerSocket: number;
  socketsPerIdentity: number;
}

interface SocketState {
  identity: VerifiedIdentity | null;
  owner: string;
  expiry: NodeJS.Timeout | undefined;
}

/** The subscription, refused before it starts: errors already formatted, as graphql-ws sends an `error` message. */
export type Denial = readonly GraphQLFormattedError[];

/** graphql-ws sends an error's toJSON(): ours are formatted already (masked, the contract's fields only). */
const asSent = (errors: Denial) => errors.map((formatted) => Object.assign(new GraphQLError(formatted.message), { toJSON: () => formatted }));

/** Seconds a client is told to wait after the per-socket cap: until one of its subscriptions completes, at the least. */
const CAP_RETRY_AFTER_SECONDS = 5;

function refuseUpgrade(socket: Duplex, refusal: UpgradeRefusal): void {
  const code = refusal.status === 403 ? "FORBIDDEN" : "RATE_LIMITED";
  const extensions = refusal.retryAfterSeconds ? { code, retryAfterSeconds: refusal.retryAfterSeconds } : { code };
  const body = JSON.stringify({ errors: [{ message: refusal.reason, extensions }] });
  socket.end([
    `HTTP/1.1 ${refusal.status} ${refusal.status === 403 ? "Forbidden" : "Too Many Requests"}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(refusal.retryAfterSeconds ? [`Retry-After: ${refusal.retryAfterSeconds}`] : []),
    "Connection: close",
    "",
    body,
  ].join("\r\n"));
}

/**
 * graphql-ws (`graphql-transport-ws`) on the router's own port and path.
 * Identity comes from `connection_init` and is verified like HTTP tokens; a
 * socket is closed when its token expires.
 */
export function attachSubscriptions(options: {
  server: Server;
  schema: () => GraphQLSchema;
  pipeline: OperationPipeline;
  /** Formats the pipeline's refusals as every door does. */
  format: (errors: readonly GraphQLError[]) => Denial;
  /** The edge's checks of an upgrade: Origin (CORS allowlist) and the per-IP rate. */
  upgradeRefused: (req: IncomingMessage) => Promise<UpgradeRefusal | null>;
  /** Resolves the subscription once as the subscriber: a denial when it may not see what it selects. */
  authorize: (spec: LiveSpec) => Promise<Denial | null>;
  authenticatedFields: ReadonlySet<string>;
  registry: LiveRegistry;
  contexts: RouterContexts;
  limits: SubscriptionLimits;
  logger: Logger;
}) {
  const { registry, contexts, limits, logger, pipeline, format } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  options.server.on("upgrade", (req, socket, head) => {
    if ((req.url ?? "").split("?")[0] !== "/graphql") return socket.destroy();
    options.upgradeRefused(req).then(
      (refused) => (refused ? refuseUpgrade(socket, refused) : wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req))),
      () => socket.destroy(),
    );
  });
  const socketsByOwner = new Map<string, number>();
  const states = new WeakMap<object, SocketState>();

  const server = useServer<Record<string, unknown> | undefined, { state?: SocketState }>(
    {
      schema: () => options.schema(),
      connectionInitWaitTimeout: 5_000,
      onConnect: async (ctx) => {
        const socket = ctx.extra.socket;
        let identity: VerifiedIdentity | null;
        try {
          identity = await contexts.identityOf(ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization);
        } catch (error) {
          socket.close(4401, error instanceof GraphQLError ? error.message.slice(0, 120) : "Unauthorized");
          return false;
        }
        const owner = identity ? `user:${identity.userId}` : `ip:${ctx.extra.request.socket.remoteAddress}`;
        const open = socketsByOwner.get(owner) ?? 0;
        if (open >= limits.socketsPerIdentity) {
          socket.close(4429, "Too many connections for this caller");
          return false;
        }
        socketsByOwner.set(owner, open + 1);
        const expiry = identity ? setTimeout(() => socket.close(4401, "Token expired"), Math.max(0, identity.expiresAt - Date.now())) : undefined;
        const state: SocketState = { identity, owner, expiry };
        states.set(socket, state);
        ctx.extra.state = state;
        return true;
      },
      onClose: (ctx) => {
        const state = states.get(ctx.extra.socket);
        if (!state) return;
        clearTimeout(state.expiry);
        const open = (socketsByOwner.get(state.owner) ?? 1) - 1;
        if (open > 0) socketsByOwner.set(state.owner, open);
        else socketsByOwner.delete(state.owner);
      },
      onSubscribe: async (ctx, id, payload) => {
        // graphql-ws has registered this one already: the cap counts the others.
        if (Object.keys(ctx.subscriptions).filter((other) => other !== id).length >= limits.subscriptionsPerSocket) {
          return asSent([{
            message: `at most ${limits.subscriptionsPerSocket} subscriptions per connection: complete one first`,
            extensions: { code: "RATE_LIMITED", retryAfterSeconds: CAP_RETRY_AFTER_SECONDS },
          }]);
        }
        const schema = options.schema();
        const prepared = pipeline.prepare("ws", schema, payload);
        if (prepared instanceof Refusal) return asSent(format(prepared.errors));
        let spec: LiveSpec;
        try {
          spec = liveSpecOf(schema, options.authenticatedFields, prepared.document, prepared.operation, prepared.variables, ctx.extra.state?.identity ?? null);
        } catch (error) {
          if (error instanceof GraphQLError) return asSent(format([error]));
          throw error;
        }
        // Every push runs this query: it is held to the same limits now, not refused at each push.
        const push = pipeline.prepare("push", schema, { query: spec.query, variables: spec.variables });
        if (push instanceof Refusal) return asSent(format(push.errors));
        const denied = await options.authorize(spec);
        if (denied) return asSent(denied);
        const args: ExecutionArgs = { schema, document: prepared.document, operationName: prepared.operationName, variableValues: prepared.variables, contextValue: spec };
        return args;
      },
      onNext: (_ctx, _id, _payload, _args, result) => result,
      // Pushes are results the router already formatted (errors masked), as graphql-ws sends them.
      subscribe: (args) => registry.subscribe(args.contextValue as LiveSpec) as AsyncIterable<ExecutionResult>,
    },
    wss,
    12_000,
  );

  return {
    get sockets() {
      return wss.clients.size;
    },
    /**
     * Closes the sockets with 1012 (service restart) before ending the subscriptions:
     * a client sees no `complete`, only a close that graphql-ws retries, so it
     * reconnects and resubscribes.
     */
    async close() {
      for (const client of wss.clients) client.close(1012, "Service restart: reconnect");
      registry.close();
      await server.dispose();
      logger.info("subscriptions closed");
    },
  };
}
