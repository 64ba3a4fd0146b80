import { baseConfigSchema, ConfigError, loadConfig } from "@airbnb/config";
import { startTracing, type Tracing } from "@airbnb/observability";

/**
 * Runs a service as a process: one clear line on a start-up problem, a clean stop on SIGTERM/SIGINT.
 * Tracing is the process's (one provider per process), started before the service and flushed after it stops.
 */
export async function runAsProcess(name: string, start: () => Promise<{ stop(): Promise<void> }>): Promise<void> {
  let service: { stop(): Promise<void> };
  let tracing: Tracing;
  try {
    tracing = await startTracing(name, loadConfig(baseConfigSchema, process.env).OTEL_EXPORTER_OTLP_ENDPOINT);
    service = await start();
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
    console.error(`${name}: cannot start: ${message}`);
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => {
      console.error(`${name}: did not stop within 20 s of ${signal}; exiting`);
      process.exit(1);
    }, 20_000);
    forced.unref();
    await service.stop();
    await tracing.shutdown();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
