import { GraphQLError, GraphQLScalarType } from "graphql";

/** A federated entity as the router hands it to a subgraph that only adds fields to it: its key. */
export interface EntityKey {
  id: string;
}

/**
 * Resolvers leave instants as the read models' own Dates; the API writes them as
 * ISO-8601 strings. No schema takes a DateTime argument, so there is nothing to parse.
 */
export const DateTime = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
  },
});
