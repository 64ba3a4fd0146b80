import type { BaseConfig } from "@airbnb/config";
import type { ConnectionOptions } from "@nats-io/transport-node";

/** How a process proves who it is to NATS, and how it checks the server: user/password and TLS. */
export type NatsAuth = Pick<ConnectionOptions, "user" | "pass" | "tls">;

/**
 * From the settings: NATS_USER/NATS_PASSWORD (the user whose permissions k8s/base/nats
 * grants this process), NATS_TLS_CA (the CA that signed the server's certificate; the
 * host name checked is the one in NATS_URL). Absent: anonymous, plain text (development).
 */
export function natsAuthOf(config: Pick<BaseConfig, "NATS_USER" | "NATS_PASSWORD" | "NATS_TLS_CA">): NatsAuth {
  return {
    ...(config.NATS_USER ? { user: config.NATS_USER, pass: config.NATS_PASSWORD } : {}),
    ...(config.NATS_TLS_CA ? { tls: { caFile: config.NATS_TLS_CA } } : {}),
  };
}
