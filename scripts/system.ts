import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { CONTEXTS, type ContextName } from "@airbnb/config";
import { migrateContext } from "@airbnb/db";
import { preflight } from "./preflight.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface SystemOptions {
  env?: NodeJS.ProcessEnv;
  /** Receives every output line of every process, prefixed with its name. */
  onLine?: (process: string, line: string) => void;
  /** Which subgraphs to start; all of them by default. */
  contexts?: ContextName[];
}

export interface RunningSystem {
  routerUrl: string;
  processes: Map<string, ChildProcess>;
  /** Resolves when a process exits that was not asked to. */
  crashed: Promise<string>;
  stop(): Promise<void>;
}

export const availableContexts = () =>
  (Object.keys(CONTEXTS) as ContextName[]).filter((context) => existsSync(path.join(root, "subgraphs", context, "src/main.ts")));

/**
 * The whole system as one process tree: databases and migrations first, then
 * every subgraph and the router as child processes; returns once the router is ready.
 */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const env = { ...process.env, ...options.env };
  await preflight(env);
  const contexts = options.contexts ?? availableContexts();
  await Promise.all(contexts.map((context) => migrateContext(context, env)));

  const processes = new Map<string, ChildProcess>();
  let stopping = false;
  let reportCrash: (name: string) => void = () => {};
  const crashed = new Promise<string>((resolve) => (reportCrash = resolve));
  const launch = (name: string, entry: string) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => options.onLine?.(name, line));
    }
    child.once("exit", (code, signal) => {
      if (!stopping) reportCrash(`${name} exited (${signal ?? code})`);
    });
    processes.set(name, child);
  };
  for (const context of contexts) launch(context, `subgraphs/${context}/src/main.ts`);
  launch("router", "router/src/main.ts");

  const stop = async () => {
    stopping = true;
    await Promise.all(
      [...processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 25_000).unref();
          }),
      ),
    );
  };

  const port = env.ROUTER_PORT ?? "4000";
  const routerUrl = `http://127.0.0.1:${port}/graphql`;
  const ready = await Promise.race([waitUntilReady(`http://127.0.0.1:${port}`, contexts, env), crashed.then((why) => Promise.reject(new Error(why)))]).catch(
    async (error) => {
      await stop();
      throw error;
    },
  );
  void ready;
  return { routerUrl, processes, crashed, stop };
}

async function waitUntilReady(routerBase: string, contexts: ContextName[], env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const urls = [
    `${routerBase}/readyz`,
    ...contexts.map((context) => `http://127.0.0.1:${env[`${context.toUpperCase()}_PORT`] ?? CONTEXTS[context]}/readyz`),
  ];
  for (;;) {
    const states = await Promise.all(urls.map((url) => fetch(url).then((r) => r.ok, () => false)));
    if (states.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms: ${urls.filter((_, i) => !states[i]).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
