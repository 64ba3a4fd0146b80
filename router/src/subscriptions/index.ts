import type { Server } from "node:http";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import type { ApolloGateway } from "@apollo/gateway";
import type { ApolloServer, ApolloServerPlugin } from "@apollo/server";
import type { EventBus } from "@airbnb/nats";
import type { Logger } from "@airbnb/observability";
import { Gauge, type Registry } from "prom-client";
import type { RouterContext, RouterContexts } from "../router-context.ts";
import { startLiveFeed } from "./live-feed.ts";
import { LIVE_ENTITY_VARIABLE } from "./live-operation.ts";
import { LiveRegistry, type ResolvePush } from "./live-registry.ts";
import { attachSubscriptions, type SubscriptionLimits } from "./ws-server.ts";

/** Subscriptions are not for HTTP: say where they are served rather than failing in the gateway. */
export const subscriptionsOverHttpRefused: ApolloServerPlugin<RouterContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === "subscription") {
          throw new GraphQLError("subscriptions are served over WebSocket (graphql-ws, graphql-transport-ws) at this same URL", {
            extensions: { code: "BAD_REQUEST", http: { status: 400 } },
          });
        }
      },
    };
  },
};

/** Keeps the gateway's API schema (which composes `Subscription`) for graphql-ws to validate against. */
export function trackApiSchema(gateway: ApolloGateway): () => GraphQLSchema {
  let schema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    schema = apiSchema;
  });
  return () => {
    if (!schema) throw new Error("the supergraph is not loaded yet");
    return schema;
  };
}

/**
 * Live subscriptions: one JetStream feed per router instance, fanned out in
 * memory; each push resolves the subscriber's selection through the gateway
 * as that subscriber, so authorization is the subgraphs' as for any query.
 */
/** Runs one operation as a subscriber: the router's fast path, or Apollo Server; errors already formatted. */
export type ExecuteAs = (
  query: string,
  variables: Record<string, unknown>,
  context: RouterContext,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] }>;

/** Apollo Server's executeOperation as an ExecuteAs (when the fast path is off). */
export const executeThroughApollo = (apollo: ApolloServer<RouterContext>): ExecuteAs => async (query, variables, context) => {
  const response = await apollo.executeOperation({ query, variables }, { contextValue: context });
  return response.body.kind === "single" ? response.body.singleResult : { errors: [{ message: "incremental delivery is not supported" }] };
};

export async function startSubscriptions(options: {
  server: Server;
  execute: ExecuteAs;
  schema: () => GraphQLSchema;
  authenticatedFields: ReadonlySet<string>;
  bus: EventBus;
  contexts: RouterContexts;
  limits: SubscriptionLimits;
  logger: Logger;
  metrics: Registry;
}) {
  const { execute, contexts } = options;
  const resolvePush: ResolvePush = async (spec, entityId) => {
    const { data, errors } = await execute(spec.query, { ...spec.variables, [LIVE_ENTITY_VARIABLE]: entityId }, await contexts.forIdentity(spec.identity));
    const value = data?.[spec.responseKey];
    // Nothing to show this subscriber (gone, or not theirs to see): no push.
    if (value === null || value === undefined) return null;
    return errors?.length ? { data: { [spec.responseKey]: value }, errors } : { data: { [spec.responseKey]: value } };
  };
  const registry = new LiveRegistry(resolvePush);
  const feed = await startLiveFeed(options.bus, (touch) => registry.dispatch(touch));
  const ws = attachSubscriptions({ server: options.server, schema: options.schema, authenticatedFields: options.authenticatedFields, registry, contexts, limits: options.limits, logger: options.logger });
  new Gauge({ name: "graphql_subscriptions", help: "Open subscriptions on this router", registers: [options.metrics], collect() { this.set(registry.size); } });
  new Gauge({ name: "graphql_ws_sockets", help: "Open graphql-ws sockets on this router", registers: [options.metrics], collect() { this.set(ws.sockets); } });
  return {
    async close() {
      await feed.stop();
      await ws.close();
    },
  };
}
