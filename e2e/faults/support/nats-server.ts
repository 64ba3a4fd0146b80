import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { waitFor } from "@airbnb/testkit";

export const NATS_SERVER = process.env.NATS_SERVER_BIN ?? "/usr/sbin/nats-server";

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const accepting = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), resolve(true))).once("error", () => resolve(false));
  });

/**
 * A nats-server of the test's own (own port, own fresh store directory), so
 * killing it touches no other suite. Runs with the defaults (lazy fsync), like `npm start`'s.
 */
export interface TestNats {
  url: string;
  port: number;
  /** The server's monitoring endpoint (connz, jsz…). */
  monitorUrl: string;
  storeDir: string;
  /** kill -9, and wait until the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same store directory; resolves when it accepts connections. */
  start(): Promise<void>;
  /** Kills it and removes the store directory. */
  dispose(): Promise<void>;
}

export interface NatsServerOptions {
  /** Files of a configuration directory (`nats.conf` and what it includes), given to the server with `-c`. */
  config?: Record<string, string>;
  /** Environment of the server process (the configuration's `$VARIABLES`). */
  env?: Record<string, string>;
}

export async function startNats(options: NatsServerOptions = {}): Promise<TestNats> {
  const port = await freePort();
  const monitorPort = await freePort();
  const storeDir = mkdtempSync(path.join(tmpdir(), "faults-nats-"));
  const configDir = options.config && mkdtempSync(path.join(tmpdir(), "faults-nats-conf-"));
  for (const [name, text] of Object.entries(options.config ?? {})) writeFileSync(path.join(configDir!, name), text);
  const configArgs = configDir ? ["-c", path.join(configDir, "nats.conf")] : [];
  const { kill, start } = natsProcess([NATS_SERVER, "-a", "127.0.0.1", "-p", String(port), "-m", String(monitorPort), "-js", "-sd", storeDir, ...configArgs], port, options.env);
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    monitorUrl: `http://127.0.0.1:${monitorPort}`,
    storeDir,
    kill,
    start,
    async dispose() {
      await kill();
      rmSync(storeDir, { recursive: true, force: true });
      if (configDir) rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** One nats-server process, killed with -9 and started again with the same arguments; `start` resolves when it accepts connections. */
export function natsProcess([command, ...args]: string[], port: number, env: Record<string, string> = {}) {
  let child: ChildProcess | undefined;
  return {
    async kill() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once("exit", () => resolve());
        running.kill("SIGKILL");
      });
    },
    async start() {
      if (child) throw new Error(`nats-server on ${port} is already running`);
      child = spawn(command!, args, { stdio: "ignore", env: { ...process.env, ...env } });
      const started = child;
      const failed = new Promise<never>((_, reject) => started.once("exit", (code) => reject(new Error(`nats-server on ${port} exited (${code})`))));
      failed.catch(() => undefined);
      await Promise.race([waitFor(() => accepting(port), { timeoutMs: 10_000, what: `nats-server on ${port}` }), failed]);
    },
  };
}
