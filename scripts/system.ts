import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { CONTEXTS, type ContextName } from "@airbnb/config";
import { migrateContext } from "@airbnb/db";
import { bundleOf, bundleServices } from "./bundle.ts";
import { startDevServices } from "./dev-services/index.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Preloaded into every child: it stops with the launcher, even one killed with -9, instead of holding its port.
const exitWithParent = path.join(root, "scripts/exit-with-parent.cjs");

export interface SystemOptions {
  env?: NodeJS.ProcessEnv;
  /** Receives every output line of every process, prefixed with its name. */
  onLine?: (process: string, line: string) => void;
  /** Which subgraphs to start; all of them by default. */
  contexts?: ContextName[];
  /** Receives one line per dependency saying what is used ("Postgres: embedded, .data/postgres, port 5433"). */
  onDependency?: (line: string) => void;
}

export interface RunningSystem {
  routerUrl: string;
  processes: Map<string, ChildProcess>;
  /** Stops one process (SIGTERM, or SIGKILL to simulate a crash); for fault tests. */
  stopProcess(name: string, signal?: NodeJS.Signals): Promise<void>;
  /**
   * Starts a stopped process again and waits until it is ready. With a port, starts
   * another replica of a subgraph or of the router on that port, named `<name>:<port>`; returns the name.
   */
  startProcess(name: string, options?: { port?: number; env?: NodeJS.ProcessEnv }): Promise<string>;
  /** Resolves when a process exits that was not asked to. */
  crashed: Promise<string>;
  stop(): Promise<void>;
}

export const availableContexts = () =>
  (Object.keys(CONTEXTS) as ContextName[]).filter((context) => existsSync(path.join(root, "subgraphs", context, "src/main.ts")));

/**
 * The whole system as one process tree: Postgres and NATS (found, or started:
 * scripts/dev-services), databases and migrations, then every subgraph and the
 * router as child processes; returns once the router is ready.
 */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const services = await startDevServices({ ...process.env, ...options.env }, options.onDependency);
  const { env } = services;
  const contexts = options.contexts ?? availableContexts();
  await Promise.all([bundleServices(), ...contexts.map((context) => migrateContext(context, env))]).catch(async (error) => {
    await services.stop();
    throw error;
  });

  const processes = new Map<string, ChildProcess>();
  const expectedExits = new Set<ChildProcess>();
  let stopping = false;
  let reportCrash: (name: string) => void = () => {};
  const crashed = new Promise<string>((resolve) => (reportCrash = resolve));
  const launch = (name: string, entry: string, extraEnv: NodeJS.ProcessEnv = {}) => {
    const child = spawn(process.execPath, ["--enable-source-maps", "--require", exitWithParent, entry], {
      cwd: root,
      env: { ...env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on("line", (line) => options.onLine?.(name, line));
    }
    child.once("exit", (code, signal) => {
      if (!stopping && !expectedExits.has(child)) reportCrash(`${name} exited (${signal ?? code})`);
    });
    processes.set(name, child);
  };
  const entryOf = (name: string) => bundleOf(name === "router" ? "router" : `subgraphs/${name.split(":")[0]}`);
  for (const context of contexts) launch(context, entryOf(context));
  launch("router", entryOf("router"));

  const terminate = (child: ChildProcess, signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(signal);
      setTimeout(() => child.kill("SIGKILL"), 25_000).unref();
    });
  const stop = async () => {
    stopping = true;
    await Promise.all([...processes.values()].map((child) => terminate(child, "SIGTERM")));
    await services.stop();
  };
  const port = env.ROUTER_PORT ?? "4000";
  const routerBase = `http://127.0.0.1:${port}`;
  const stopProcess = async (name: string, signal: NodeJS.Signals = "SIGTERM") => {
    const child = processes.get(name);
    if (!child) throw new Error(`no process ${name}`);
    expectedExits.add(child);
    await terminate(child, signal);
  };
  const startProcess = async (name: string, { port, env: extraEnv = {} }: { port?: number; env?: NodeJS.ProcessEnv } = {}) => {
    if (port === undefined) {
      launch(name, entryOf(name), extraEnv);
      await waitUntilReady(routerBase, name === "router" ? [] : [name as ContextName], env);
      return name;
    }
    const replica = `${name}:${port}`;
    launch(replica, entryOf(name), { ...extraEnv, [name === "router" ? "ROUTER_PORT" : "PORT"]: String(port) });
    await waitUntilReady(routerBase, [], env, 90_000, [`http://127.0.0.1:${port}/readyz`]);
    return replica;
  };

  await Promise.race([waitUntilReady(routerBase, contexts, env), crashed.then((why) => Promise.reject(new Error(why)))]).catch(async (error) => {
    await stop();
    throw error;
  });
  return { routerUrl: `${routerBase}/graphql`, processes, crashed, stop, stopProcess, startProcess };
}

async function waitUntilReady(routerBase: string, contexts: ContextName[], env: NodeJS.ProcessEnv, timeoutMs = 90_000, more: string[] = []): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const urls = [
    `${routerBase}/readyz`,
    ...contexts.map((context) => `http://127.0.0.1:${env[`${context.toUpperCase()}_PORT`] ?? CONTEXTS[context]}/readyz`),
    ...more,
  ];
  for (;;) {
    const states = await Promise.all(urls.map((url) => fetch(url).then((r) => r.ok, () => false)));
    if (states.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms: ${urls.filter((_, i) => !states[i]).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
