import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runningFromPidFile, stopPid } from "../../dev-services/leftover.ts";

describe("a server a killed launcher left running", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "leftover-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is found by its pid file only while that pid runs the expected command, and stopped", async () => {
    const server = spawn("sleep", ["60"], { stdio: "ignore" });
    const exited = new Promise((resolve) => server.once("exit", resolve));
    const pidFile = path.join(dir, "server.pid");
    writeFileSync(pidFile, `${server.pid}\n/some/data/dir\n`);

    expect(runningFromPidFile(pidFile, "sleep")).toBe(server.pid);
    // A pid file that outlived its server may name an unrelated process by now.
    expect(runningFromPidFile(pidFile, "postgres")).toBeUndefined();
    expect(runningFromPidFile(path.join(dir, "none.pid"), "sleep")).toBeUndefined();

    await stopPid(server.pid!, "SIGTERM");
    await exited;
    expect(runningFromPidFile(pidFile, "sleep")).toBeUndefined();
  });
});
