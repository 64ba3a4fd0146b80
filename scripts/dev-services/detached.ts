import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

/**
 * Starts a server in a process group of its own, its output appended to `logFile`:
 * Ctrl-C in a terminal then reaches the launcher and the subgraphs but not the
 * server, which the launcher stops after them (and a dead launcher's pipe cannot stop it).
 */
export function startDetached(command: string, args: string[], logFile: string, owner: { uid?: number; gid?: number } = {}): ChildProcess {
  const log = openSync(logFile, "a");
  try {
    return spawn(command, args, { ...owner, detached: true, stdio: ["ignore", log, log], env: { ...process.env, LC_MESSAGES: "C" } });
  } finally {
    closeSync(log);
  }
}

/** The last lines of a log, for a one-line error. */
export function logTail(logFile: string, lines = 2): string {
  try {
    return readFileSync(logFile, "utf8").trim().split("\n").slice(-lines).join(" / ");
  } catch {
    return "no log";
  }
}

/** Resolves once `ready()` holds; rejects with the log's last lines when the process exits first or time is up. */
export async function untilReady(child: ChildProcess, ready: () => Promise<boolean>, logFile: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let failure: string | undefined;
  child.once("error", (error) => (failure = error.message));
  child.once("exit", (code, signal) => (failure = `exited (${signal ?? code}): ${logTail(logFile)}`));
  for (;;) {
    if (failure) throw new Error(failure);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms: ${logTail(logFile)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
