import { z } from "zod";

export const DEV_JWT_SECRET = "dev-only-secret-change-me";
export const DEV_INTERNAL_SECRET = "dev-only-internal-secret-change-me";

/** Settings every process reads; the defaults are those of CONTRACT.md. */
export const baseConfigSchema = z
  .object({
    NODE_ENV: z.string().optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    POSTGRES_URL: z.url().default("postgresql://postgres@127.0.0.1:5432"),
    DATABASE_PREFIX: z.string().regex(/^[a-z_][a-z0-9_]*$/).default("airbnb_"),
    NATS_URL: z.string().default("nats://127.0.0.1:4222"),
    NATS_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/).default("AIRBNB"),
    NATS_SUBJECT_PREFIX: z.string().regex(/^[a-z0-9_-]+$/).default("airbnb"),
    /** The least replicas the event streams must have: a process is not ready against fewer (3 in production). */
    NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
    /** Bounds of the event stream when a process creates it (outside production); the dead-letter stream gets an eighth. */
    NATS_STREAM_MAX_BYTES: z.coerce.number().int().positive().default(1024 ** 3),
    NATS_STREAM_MAX_AGE_HOURS: z.coerce.number().positive().default(168),
    /** The NATS user of this process (k8s: one per context, with only the subjects it uses); absent: anonymous. */
    NATS_USER: z.string().min(1).optional(),
    NATS_PASSWORD: z.string().min(16).optional(),
    /** A PEM file with the CA of the NATS server's certificate: connect over TLS, checking the host of NATS_URL. */
    NATS_TLS_CA: z.string().min(1).optional(),
    /** Signs the identity the router forwards to subgraphs; subgraphs accept no other. */
    INTERNAL_SECRET: z.string().min(16).default(DEV_INTERNAL_SECRET),
    HOST: z.string().default("127.0.0.1"),
    /** On SIGTERM, how long readiness reports 503 before the listener closes (time for the load balancer to notice); 0 locally, higher in k8s. */
    /** Published outbox rows are kept this long (so a range can be republished), then the relay deletes them. */
    OUTBOX_RETENTION_HOURS: z.coerce.number().positive().default(168),
    SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).default(0),
    /** On SIGTERM, how long open connections may take to finish and close before they are cut. */
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(5_000),
    /** An OTLP/HTTP collector (e.g. http://otel-collector:4318): traces are exported to <url>/v1/traces. Unset: no tracing at all. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  })
  .refine((c) => (c.NATS_USER === undefined) === (c.NATS_PASSWORD === undefined), {
    message: "NATS_USER and NATS_PASSWORD go together",
    path: ["NATS_PASSWORD"],
  })
  .refine((c) => c.NODE_ENV !== "production" || c.INTERNAL_SECRET !== DEV_INTERNAL_SECRET, {
    message: "the development INTERNAL_SECRET is refused when NODE_ENV=production",
    path: ["INTERNAL_SECRET"],
  });

export type BaseConfig = z.infer<typeof baseConfigSchema>;
