import { z } from "zod";
import { baseConfigSchema, DEV_JWT_SECRET } from "@airbnb/config";

export const routerConfigSchema = z
  .object({
    ...baseConfigSchema.shape,
    ROUTER_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    JWT_SECRET: z.string().min(16).default(DEV_JWT_SECRET),
    JWKS_URL: z.url().optional(),
    JWT_ISSUER: z.string().optional(),
    JWT_AUDIENCE: z.string().optional(),
    SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().positive().default(100),
    /** Open graphql-ws sockets per signed-in user, or per IP address for anonymous callers. */
    SOCKETS_PER_IDENTITY: z.coerce.number().int().positive().default(50),
    /** Comma-separated contexts to compose; all of them by default. */
    SUBGRAPHS: z.string().optional(),
    // Edge limits (router/src/limits): refused before any subgraph is called.
    QUERY_MAX_DEPTH: z.coerce.number().int().positive().default(12),
    QUERY_MAX_ALIASES: z.coerce.number().int().min(0).default(30),
    /** Objects an operation may produce: list fields count `first` (clamped to the list's maximum) items each, lists without `first` QUERY_DEFAULT_LIST_SIZE. */
    QUERY_MAX_COST: z.coerce.number().int().positive().default(10_000),
    QUERY_DEFAULT_LIST_SIZE: z.coerce.number().int().positive().default(10),
    /** Lexical tokens in one document (graphql-js parser's maxTokens). */
    QUERY_MAX_TOKENS: z.coerce.number().int().positive().default(5_000),
    /** Requests to /graphql per client IP per minute (0: off). */
    RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().min(0).default(6_000),
    /** Requests to /graphql per signed-in user per minute (0: off). */
    RATE_LIMIT_PER_USER_PER_MINUTE: z.coerce.number().int().min(0).default(1_200),
    /** Proxies in front of the router whose X-Forwarded-For is trusted for the client IP (0: the socket's peer). */
    RATE_LIMIT_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).default(0),
    /** WebSocket upgrades (graphql-ws connections) per client IP per minute (0: off). */
    WS_UPGRADES_PER_IP_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    /**
     * Writes (mutations) this router process has in flight to one subgraph replica; one more is
     * refused at once with OVERLOADED, unsent. 64: about a second of bookings at the saturated rate
     * measured on 2 cores (60–70/s, bench "overload"), and more than the 50 concurrent bookings
     * that are no overload. Up to the 128 connections per replica: past them a line would form unseen.
     */
    SUBGRAPH_WRITES_IN_FLIGHT: z.coerce.number().int().positive().default(64),
    /** Comma-separated origins allowed cross-origin (`*` wildcards); unset: localhost and Apollo Studio outside production, none in production. */
    CORS_ORIGINS: z.string().optional(),
  })
  .refine((c) => c.NODE_ENV !== "production" || c.JWKS_URL || c.JWT_SECRET !== DEV_JWT_SECRET, {
    message: "the development JWT_SECRET is refused when NODE_ENV=production: set JWKS_URL or JWT_SECRET",
    path: ["JWT_SECRET"],
  })
  .refine((c) => c.NODE_ENV !== "production" || c.INTERNAL_SECRET !== baseConfigSchema.parse({}).INTERNAL_SECRET, {
    message: "the development INTERNAL_SECRET is refused when NODE_ENV=production",
    path: ["INTERNAL_SECRET"],
  });

export type RouterConfig = z.infer<typeof routerConfigSchema>;
