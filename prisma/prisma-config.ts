import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl, pgConnectionFields, type ContextName } from "@airbnb/config";

const require = createRequire(import.meta.url);

// prisma/orm#27403: adapter-pg 6.19 cannot read the catalog types `name` (19)
// and `"char"` (18) nor their arrays, which the migration engine queries.
// Reading them as text / text[] is what they are. Only the CLI process is patched.
const Result = require("pg/lib/result.js");
const addFields = Result.prototype.addFields;
const asText: Record<number, number> = { 19: 25, 18: 25, 1003: 1009, 1002: 1009 };
Result.prototype.addFields = function (fields: Array<{ dataTypeID: number }>) {
  for (const field of fields) field.dataTypeID = asText[field.dataTypeID] ?? field.dataTypeID;
  return addFields.call(this, fields);
};

// The wasm schema engine leaves a 10 s timer pending after its work is done and
// pg keeps idle sockets for 10 s: both held the CLI open for 10 s after every
// command. Neither may keep the process alive (see also allowExitOnIdle below).
const setTimeoutOriginal = globalThis.setTimeout;
globalThis.setTimeout = ((handler: () => void, ms?: number, ...args: unknown[]) => {
  const timer = setTimeoutOriginal(handler, ms, ...args);
  if ((ms ?? 0) >= 10_000) timer.unref();
  return timer;
}) as typeof setTimeout;

/** The Prisma 6.19 CLI with the JavaScript schema engine: nothing is downloaded. */
export function contextPrismaConfig(context: ContextName) {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const url = process.env.DATABASE_URL ?? databaseUrl(context);
  process.env.DATABASE_URL = url;
  return defineConfig({
    experimental: { adapter: true },
    engine: "js",
    schema: path.join(dir, context, "schema"),
    migrations: { path: path.join(dir, context, "migrations") },
    adapter: async () => new PrismaPg({ ...pgConnectionFields(url), allowExitOnIdle: true }),
  });
}
