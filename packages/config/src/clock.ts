import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Sources } from "@airbnb/kernel";
import { loadConfig } from "./load-config.ts";

export const clockSettings = z.object({
  /** Moves "today" by whole days for the rules that depend on it (cancelling, delisting, reviewing); for tests of those rules only. */
  CLOCK_OFFSET_DAYS: z.coerce.number().int().default(0),
});

/** The clock a composition root injects: real time, moved by CLOCK_OFFSET_DAYS. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): () => Date {
  const offsetMs = loadConfig(clockSettings, env).CLOCK_OFFSET_DAYS * 86_400_000;
  return () => new Date(Date.now() + offsetMs);
}

/** The time and ids of a running process: the only place application code's come from outside tests. */
export const systemSources = (env: NodeJS.ProcessEnv = process.env): Sources => ({ clock: clockFromEnv(env), newId: randomUUID });
