/**
 * An environment that isolates one test suite on the shared servers: its own
 * databases (prefix), its own JetStream stream and subjects, quiet logs.
 * TEST_NAMESPACE sets checkouts apart that run the same suites on one machine at once.
 */
export function testEnv(suite: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const tag = `${process.env.TEST_NAMESPACE ?? ""}${suite}`.toLowerCase().replace(/[^a-z0-9]/g, "");
  return {
    ...process.env,
    DATABASE_PREFIX: `t${tag}_`,
    NATS_STREAM: `T_${tag.toUpperCase()}`,
    NATS_SUBJECT_PREFIX: `t${tag}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "error",
    ...extra,
  };
}
