export { loadConfig, ConfigError } from "./load-config.ts";
export { baseConfigSchema, DEV_INTERNAL_SECRET, DEV_JWT_SECRET, type BaseConfig } from "./base-config.ts";
export { CONTEXTS, type ContextName, contextPort, contextUrl, databaseUrl, pgConnectionFields } from "./contexts.ts";
export { clockFromEnv, clockSettings, systemSources } from "./clock.ts";
