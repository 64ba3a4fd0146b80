// Republishes a range of a context's outbox: `npm run outbox:republish -- <context> --since <ISO time> [--until <ISO time>]`.
// The rows are marked unpublished; the context's running relay publishes them again with their
// original event ids (the stream drops those inside its duplicate window, consumers' inboxes the rest).
import { parseArgs } from "node:util";
import { CONTEXTS, databaseUrl, type ContextName } from "@airbnb/config";
import { republishOutbox } from "@airbnb/db";

const usage = "usage: npm run outbox:republish -- <context> --since <ISO time> [--until <ISO time>]";

function instant(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`--${name} is not a time: ${value}`);
  return date;
}

try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { since: { type: "string" }, until: { type: "string" } } });
  const context = positionals[0] as ContextName | undefined;
  if (!context || !(context in CONTEXTS) || positionals.length !== 1) throw new Error(`name one context (${Object.keys(CONTEXTS).join(", ")})`);
  const since = instant(values.since, "since");
  if (!since) throw new Error("--since is required");
  const until = instant(values.until, "until");
  const count = await republishOutbox(databaseUrl(context), { since, until });
  console.log(`${context}: ${count} outbox rows created from ${since.toISOString()} to ${(until ?? new Date()).toISOString()} marked for republishing; the running relay publishes them`);
} catch (error) {
  console.error(`outbox:republish: ${(error as Error).message}\n${usage}`);
  process.exit(1);
}
