import type { IncomingMessage, Server } from "node:http";
import type { GraphQLError, GraphQLFormattedError, GraphQLSchema } from "graphql";
import type { ApolloGateway } from "@apollo/gateway";
import type { ApolloServer } from "@apollo/server";
import type { EventBus } from "@airbnb/nats";
import type { Logger } from "@airbnb/observability";
import { Gauge, type Registry } from "prom-client";
import type { RouterContext, RouterContexts } from "../router-context.ts";
import { formatGraphQLErrors } from "@airbnb/service";
import type { UpgradeRefusal } from "../limits/index.ts";
import type { OperationPipeline } from "../pipeline/operation-pipeline.ts";
import { startLiveFeed } from "./live-feed.ts";
import { LIVE_ENTITY_VARIABLE, type LiveSpec } from "./live-operation.ts";
import { LiveRegistry, type ResolvePush } from "./live-registry.ts";
import { attachSubscriptions, type SubscriptionLimits } from "./ws-server.ts";

const DENIALS = new Set(["UNAUTHENTICATED", "FORBIDDEN"]);
const denials = (errors: readonly GraphQLFormattedError[] | undefined) => errors?.filter((error) => DENIALS.has(String(error.extensions?.code))) ?? [];

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
  pipeline: OperationPipeline;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  upgradeRefused: (req: IncomingMessage) => Promise<UpgradeRefusal | null>;
  authenticatedFields: ReadonlySet<string>;
  bus: EventBus;
  contexts: RouterContexts;
  limits: SubscriptionLimits;
  logger: Logger;
  metrics: Registry;
}) {
  const { execute, contexts } = options;
  const resolve = async (spec: LiveSpec, entityId: string) =>
    execute(spec.query, { ...spec.variables, [LIVE_ENTITY_VARIABLE]: entityId }, await contexts.forIdentity(spec.identity));
  const resolvePush: ResolvePush = async (spec, entityId) => {
    const { data, errors } = await resolve(spec, entityId);
    const value = data?.[spec.responseKey];
    if (value === null || value === undefined) {
      // Not the subscriber's to see: said, never silence. Gone: nothing to push.
      const denied = denials(errors);
      return denied.length ? { data: null, errors: denied } : null;
    }
    return errors?.length ? { data: { [spec.responseKey]: value }, errors } : { data: { [spec.responseKey]: value } };
  };
  /** A selection that depends on the caller, on an entity named at subscribe time: resolved once now, so a denial is the subscribe's answer. */
  const authorize = async (spec: LiveSpec) => {
    if (!spec.personal || !spec.entityId) return null;
    const denied = denials((await resolve(spec, spec.entityId)).errors);
    return denied.length ? denied : null;
  };
  const registry = new LiveRegistry(resolvePush);
  const feed = await startLiveFeed(options.bus, (touch) => registry.dispatch(touch));
  const ws = attachSubscriptions({
    server: options.server, schema: options.schema, pipeline: options.pipeline, upgradeRefused: options.upgradeRefused, authorize,
    format: (errors: readonly GraphQLError[]) => formatGraphQLErrors(errors, options.formatError),
    authenticatedFields: options.authenticatedFields, registry, contexts, limits: options.limits, logger: options.logger,
  });
  new Gauge({ name: "graphql_subscriptions", help: "Open subscriptions on this router", registers: [options.metrics], collect() { this.set(registry.size); } });
  new Gauge({ name: "graphql_ws_sockets", help: "Open graphql-ws sockets on this router", registers: [options.metrics], collect() { this.set(ws.sockets); } });
  return {
    async close() {
      await feed.stop();
      await ws.close();
    },
  };
}
