import type { Server } from "node:http";
import { GraphQLError, getOperationAST, getVariableValues, parse, validate, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from "graphql";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import type { VerifiedIdentity } from "@airbnb/identity";
import type { Logger } from "@airbnb/observability";
import type { RouterContexts } from "../router-context.ts";
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

const refuse = (code: string, message: string) => [new GraphQLError(message, { extensions: { code } })];

/**
 * graphql-ws (`graphql-transport-ws`) on the router's own port and path.
 * Identity comes from `connection_init` and is verified like HTTP tokens; a
 * socket is closed when its token expires.
 */
export function attachSubscriptions(options: {
  server: Server;
  schema: () => GraphQLSchema;
  authenticatedFields: ReadonlySet<string>;
  registry: LiveRegistry;
  contexts: RouterContexts;
  limits: SubscriptionLimits;
  logger: Logger;
}) {
  const { registry, contexts, limits, logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  options.server.on("upgrade", (req, socket, head) => {
    if ((req.url ?? "").split("?")[0] !== "/graphql") return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
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
      onSubscribe: (ctx, _id, payload) => {
        const schema = options.schema();
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const invalid = validate(schema, document);
        if (invalid.length) return invalid;
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== "subscription") return refuse("BAD_REQUEST", "send queries and mutations with HTTP POST /graphql");
        if (Object.keys(ctx.subscriptions).length >= limits.subscriptionsPerSocket) {
          return refuse("RATE_LIMITED", `at most ${limits.subscriptionsPerSocket} subscriptions per connection`);
        }
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
        if (coerced.errors) return coerced.errors;
        let spec: LiveSpec;
        try {
          spec = liveSpecOf(schema, options.authenticatedFields, document, operation, coerced.coerced, ctx.extra.state?.identity ?? null);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const args: ExecutionArgs = { schema, document, operationName: payload.operationName ?? null, variableValues: coerced.coerced, contextValue: spec };
        return args;
      },
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
