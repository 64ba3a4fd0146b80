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
