import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * The process a pid file names, if it still runs `command` (a pid file that
 * outlived a reboot may name an unrelated process by now).
 */
export function runningFromPidFile(pidFile: string, command: string): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0]!, 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  const name = spawnSync("ps", ["-o", "comm=", "-p", String(pid)], { encoding: "utf8" }).stdout.trim();
  return name.includes(command) ? pid : undefined;
}

/** Resolves true once the process is gone, false if it still runs after `timeoutMs`. */
async function exited(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** Signals a process and waits until it is gone (SIGKILL after `graceMs`). */
export async function stopPid(pid: number, signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, signal);
  if (await exited(pid, graceMs)) return;
  process.kill(pid, "SIGKILL");
  await exited(pid, 5_000);
}
