import type { QueryLimits } from "../limits/index.ts";

/** The query limits of the router's config, as limits/index.ts builds them for its Apollo Server plugin. */
export function queryLimitsOf(config: { QUERY_MAX_DEPTH: number; QUERY_MAX_ALIASES: number; QUERY_MAX_COST: number; QUERY_DEFAULT_LIST_SIZE: number }): QueryLimits {
  return {
    maxDepth: config.QUERY_MAX_DEPTH,
    maxAliases: config.QUERY_MAX_ALIASES,
    maxCost: config.QUERY_MAX_COST,
    defaultListSize: config.QUERY_DEFAULT_LIST_SIZE,
    maxIntrospectionListDepth: 3,
    maxIntrospectionDepth: 20,
  };
}
