import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databaseUrl, type ContextName } from "@airbnb/config";
import { ensureDatabase } from "./database.ts";

const prismaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../prisma");
const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");

/** Creates the context's database if needed and applies its committed migrations (idempotent). */
export async function migrateContext(context: ContextName, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const url = databaseUrl(context, env);
  await ensureDatabase(url);
  const config = path.join(prismaDir, context, "prisma.config.ts");
  const output: Buffer[] = [];
  const child = spawn(process.execPath, [prismaCli, "migrate", "deploy", "--config", config], {
    env: { ...env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`migrations of ${context} failed:\n${Buffer.concat(output).toString()}`);
}
