import type { IncomingMessage, ServerResponse } from "node:http";
import type { GraphQLFormattedError } from "graphql";
import { Counter, type Registry } from "prom-client";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { CorsPolicy } from "./cors.ts";
import { DEFAULT_QUERY_LIMITS, isTooManyTokens, type QueryLimits } from "./query-limits.ts";
import { RequestRateLimiter, take, type RateLimiterFactory } from "./rate-limit.ts";

export { CorsPolicy, DEV_ORIGINS } from "./cors.ts";
export { DEFAULT_QUERY_LIMITS, measureOperation, overLimits, type Complexity, type QueryLimits } from "./query-limits.ts";
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
  WS_UPGRADES_PER_IP_PER_MINUTE: number;
  CORS_ORIGINS?: string | undefined;
}

/** Codes and fields `extensions` may carry to a client (the contract's); anything else is internal. */
const PUBLIC_EXTENSIONS = ["code", "field", "retryAfterSeconds", "errorId"] as const;

/** A refused WebSocket upgrade: the HTTP answer written to the socket. */
export interface UpgradeRefusal {
  status: 403 | 429;
  reason: string;
  retryAfterSeconds?: number;
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
export function securityLimits(config: LimitsConfig, options: { registry: Registry; store?: RateLimiterFactory }) {
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
  const upgrades = config.WS_UPGRADES_PER_IP_PER_MINUTE > 0
    ? (options.store ?? ((o) => new RateLimiterMemory(o)))({ keyPrefix: "rl-ws-upgrade", points: config.WS_UPGRADES_PER_IP_PER_MINUTE, duration: 60 })
    : null;
  const production = config.NODE_ENV === "production";

  return {
    parseOptions: { maxTokens: config.QUERY_MAX_TOKENS },
    queryLimits,
    tooComplex: () => refusals.inc({ reason: "too_complex" }),

    /**
     * Every error a client gets, from any door: a document over QUERY_MAX_TOKENS
     * gets the contract's code, `extensions` keeps only the contract's fields
     * (never `serviceName` or another internal part), and in production no
     * "Did you mean" names a field the caller did not ask for.
     */
    formatError(inner: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError) {
      return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
        if (formatted.extensions?.code === "GRAPHQL_PARSE_FAILED" && isTooManyTokens(formatted.message)) {
          refusals.inc({ reason: "too_complex" });
          return { message: `the document is over the limit of ${config.QUERY_MAX_TOKENS} tokens`, extensions: { code: "QUERY_TOO_COMPLEX" } };
        }
        const { extensions = {}, ...rest } = inner(formatted, error);
        const kept = Object.fromEntries(PUBLIC_EXTENSIONS.filter((name) => extensions[name] !== undefined).map((name) => [name, extensions[name]]));
        const message = production && kept.code === "GRAPHQL_VALIDATION_FAILED" ? rest.message.replace(/ ?Did you mean(.+?)\?$/, "") : rest.message;
        return { ...rest, message, extensions: kept };
      };
    },

    /** A WebSocket upgrade from an origin CORS does not allow (browsers send Origin on upgrades), or one too many from an address. */
    async upgradeRefused(req: IncomingMessage): Promise<UpgradeRefusal | null> {
      const origin = req.headers.origin;
      if (typeof origin === "string" && !cors.allows(origin, req.headers.host)) {
        refusals.inc({ reason: "cors" });
        return { status: 403, reason: `origin ${origin} is not allowed: list it in CORS_ORIGINS` };
      }
      const retryAfterSeconds = upgrades ? await take(upgrades, rates.clientIp(req)) : 0;
      if (!retryAfterSeconds) return null;
      refusals.inc({ reason: "rate_limited_ws_upgrade" });
      return { status: 429, reason: `too many WebSocket connections from this address: retry in ${retryAfterSeconds} s`, retryAfterSeconds };
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
