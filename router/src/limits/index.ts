import type { IncomingMessage, ServerResponse } from "node:http";
import type { GraphQLFormattedError } from "graphql";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { Counter, type Registry } from "prom-client";
import { CorsPolicy } from "./cors.ts";
import { DEFAULT_QUERY_LIMITS, isTooManyTokens, queryLimitsPlugin, type QueryLimits } from "./query-limits.ts";
import { RequestRateLimiter, type RateLimiterFactory } from "./rate-limit.ts";

export { CorsPolicy, DEV_ORIGINS } from "./cors.ts";
export { DEFAULT_QUERY_LIMITS, measureOperation, overLimits, queryLimitsPlugin, type Complexity, type QueryLimits } from "./query-limits.ts";
export { RequestRateLimiter, clientIp, normalizeIp, type RateLimiterFactory, type RateLimitOptions } from "./rate-limit.ts";

/** The settings of the router's config (config.ts) that the limits read. */
export interface LimitsConfig {
  NODE_ENV?: string | undefined;
  QUERY_MAX_DEPTH: number;
  QUERY_MAX_ALIASES: number;
  QUERY_MAX_COST: number;
  QUERY_MAX_TOKENS: number;
  QUERY_DEFAULT_LIST_SIZE: number;
  RATE_LIMIT_PER_IP_PER_MINUTE: number;
  RATE_LIMIT_PER_USER_PER_MINUTE: number;
  RATE_LIMIT_TRUST_PROXY_HOPS: number;
  CORS_ORIGINS?: string | undefined;
}

/** The query limits of the router's config. */
export function queryLimitsFromConfig(config: Pick<LimitsConfig, "QUERY_MAX_DEPTH" | "QUERY_MAX_ALIASES" | "QUERY_MAX_COST" | "QUERY_DEFAULT_LIST_SIZE">): QueryLimits {
  return {
    ...DEFAULT_QUERY_LIMITS,
    maxDepth: config.QUERY_MAX_DEPTH,
    maxAliases: config.QUERY_MAX_ALIASES,
    maxCost: config.QUERY_MAX_COST,
    defaultListSize: config.QUERY_DEFAULT_LIST_SIZE,
  };
}

/** Not rate limited: probes and scrapes. Only the API is. */
const LIMITED_PATHS = new Set(["/graphql"]);

/**
 * Everything the router refuses at its edge, in one place: CORS, rate limits,
 * query depth/aliases/cost/tokens. router.ts wires it with `parseOptions`,
 * `plugins`, `formatError` and one `refused(…)` call at the top of its handler.
 */
export function securityLimits<C extends BaseContext>(config: LimitsConfig, options: { registry: Registry; store?: RateLimiterFactory }) {
  const refusals = new Counter({
    name: "router_requests_refused_total",
    help: "Requests the router refused at its edge, by reason",
    labelNames: ["reason"] as const,
    registers: [options.registry],
  });
  const queryLimits = queryLimitsFromConfig(config);
  const cors = CorsPolicy.fromConfig(config.CORS_ORIGINS, config.NODE_ENV === "production");
  const rates = new RequestRateLimiter({
    perIpPerMinute: config.RATE_LIMIT_PER_IP_PER_MINUTE,
    perUserPerMinute: config.RATE_LIMIT_PER_USER_PER_MINUTE,
    trustProxyHops: config.RATE_LIMIT_TRUST_PROXY_HOPS,
    ...(options.store ? { store: options.store } : {}),
  });

  return {
    parseOptions: { maxTokens: config.QUERY_MAX_TOKENS },
    /** For a path that measures operations itself (the router's fast path). */
    queryLimits,
    plugins: [queryLimitsPlugin<C>(queryLimits, () => refusals.inc({ reason: "too_complex" }))] as ApolloServerPlugin<C>[],

    /** A document over QUERY_MAX_TOKENS is refused by the parser; the client sees the contract's code for it. */
    formatError(inner: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError) {
      return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
        if (formatted.extensions?.code === "GRAPHQL_PARSE_FAILED" && isTooManyTokens(formatted.message)) {
          refusals.inc({ reason: "too_complex" });
          return { message: `the document is over the limit of ${config.QUERY_MAX_TOKENS} tokens`, extensions: { code: "QUERY_TOO_COMPLEX" } };
        }
        return inner(formatted, error);
      };
    },

    /**
     * CORS, then the rate limits; true when the request has been answered
     * (preflight, refused origin, 429) and the handler must not go on.
     * `userOf` names the signed-in caller (null for anonymous or a bad token).
     */
    async refused(req: IncomingMessage, res: ServerResponse, path: string, userOf: (authorization: string | undefined) => Promise<string | null>): Promise<boolean> {
      if (cors.handle(req, res) === "answered") {
        if (res.statusCode === 403) refusals.inc({ reason: "cors" });
        return true;
      }
      if (!LIMITED_PATHS.has(path)) return false;
      const user = req.headers.authorization ? await userOf(req.headers.authorization).catch(() => null) : null;
      const decision = await rates.consume(rates.clientIp(req), user);
      if (!decision.limited) return false;
      refusals.inc({ reason: `rate_limited_${decision.scope}` });
      const { retryAfterSeconds, scope } = decision;
      const text = JSON.stringify({
        errors: [{ message: `too many requests from this ${scope === "user" ? "user" : "address"}: retry in ${retryAfterSeconds} s`, extensions: { code: "RATE_LIMITED", retryAfterSeconds } }],
      });
      res.writeHead(429, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "retry-after": String(retryAfterSeconds) });
      res.end(text);
      return true;
    },
  };
}
