import type { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import { withSpan } from "@airbnb/observability";

/**
 * Gives each root field (`Mutation.reserveRoom`, `Query._entities`, …) a span of its own
 * while tracing is on: what the subgraph did for the router's fetch, around the SQL and
 * calls it made. Applied once to the schema, so an untraced process pays nothing per call.
 */
export function traceRootFields(schema: GraphQLSchema): void {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const resolve: GraphQLFieldResolver<unknown, unknown> | undefined = field.resolve;
      if (!resolve) continue;
      const name = `${type!.name}.${field.name}`;
      field.resolve = (source, args, context, info) =>
        withSpan(name, { "graphql.operation.type": info.operation.operation, "graphql.operation.name": info.operation.name?.value ?? "" }, async () => resolve(source, args, context, info));
    }
  }
}
