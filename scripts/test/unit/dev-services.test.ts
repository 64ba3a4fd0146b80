import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findNatsServer, natsMissing } from "../../dev-services/nats.ts";
import { choosePostgres, postgresTarget } from "../../dev-services/postgres.ts";
import { probePostgres } from "../../dev-services/probe.ts";
import { devServicesSettings } from "../../dev-services/service.ts";

const settings = devServicesSettings({ DEV_POSTGRES_PROBE_URL: "postgresql://postgres@127.0.0.1:5432" });
const ready = { state: "ready", version: "15.14" } as const;
const absent = { state: "absent", reason: "ECONNREFUSED" } as const;
const refused = { state: "refused", reason: 'password authentication failed for user "postgres"' } as const;

describe("which Postgres npm start uses", () => {
  it("embeds one only where none answers at the default and none is named", () => {
    const target = postgresTarget({}, settings);
    expect(choosePostgres(target, ready)).toEqual({ kind: "use", line: "Postgres: 127.0.0.1:5432" });
    expect(choosePostgres(target, absent)).toEqual({ kind: "embed" });
  });

  it("never embeds when POSTGRES_URL or a context's DATABASE_URL names a server: it is used or reported in one line", () => {
    for (const env of [{ POSTGRES_URL: "postgresql://app@db.internal:6543" }, { RESERVATION_DATABASE_URL: "postgresql://app@db.internal:6543/r" }]) {
      const target = postgresTarget(env, settings);
      const choice = choosePostgres(target, absent);
      expect(choice.kind).toBe("fail");
      if (choice.kind === "fail") expect(choice.line).toMatch(/^Postgres is not reachable at .+\((POSTGRES_URL|RESERVATION_DATABASE_URL)\): ECONNREFUSED\. /);
    }
    expect(choosePostgres(postgresTarget({ POSTGRES_URL: "postgresql://app@db.internal:6543" }, settings), ready)).toEqual({
      kind: "use",
      line: "Postgres: db.internal:6543 (POSTGRES_URL)",
    });
  });

  it("reports a server that answers but refuses (auth, version) instead of embedding beside it", () => {
    const choice = choosePostgres(postgresTarget({}, settings), refused);
    expect(choice).toEqual({ kind: "fail", line: expect.stringContaining('127.0.0.1:5432 is there but unusable: password authentication failed for user "postgres"') });
    if (choice.kind === "fail") expect(choice.line).not.toContain("\n");
  });
});

describe("probing a Postgres address", () => {
  const servers: net.Server[] = [];
  afterAll(() => servers.forEach((server) => server.close()));
  const listen = async (onConnection: (socket: net.Socket) => void) => {
    const server = net.createServer(onConnection);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as net.AddressInfo).port;
  };

  it("finds a closed port absent", async () => {
    const port = await listen(() => {});
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await probePostgres(`postgresql://postgres@127.0.0.1:${port}`)).toEqual({ state: "absent", reason: "ECONNREFUSED" });
  });

  it("finds something that is not Postgres, or does not answer, there but unusable", async () => {
    const http = await listen((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    expect((await probePostgres(`postgresql://postgres@127.0.0.1:${http}`)).state).toBe("refused");
    const silent = await listen(() => {});
    expect(await probePostgres(`postgresql://postgres@127.0.0.1:${silent}`, 200)).toMatchObject({ state: "refused", reason: expect.stringMatching(/timeout/i) });
  });
});

describe("finding nats-server", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "find-nats-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const place = (folder: string, mode: number) => {
    mkdirSync(path.join(dir, folder), { recursive: true });
    writeFileSync(path.join(dir, folder, "nats-server"), "#!/bin/sh\n");
    chmodSync(path.join(dir, folder, "nats-server"), mode);
    return path.join(dir, folder);
  };

  it("looks on PATH first, then in the usual places, and takes only an executable", () => {
    const onPath = place("bin", 0o755);
    const usual = place("sbin", 0o755);
    const notExecutable = place("plain", 0o644);
    expect(findNatsServer(`${notExecutable}${path.delimiter}${onPath}`, [usual])).toBe(path.join(onPath, "nats-server"));
    expect(findNatsServer(notExecutable, [usual])).toBe(path.join(usual, "nats-server"));
    expect(findNatsServer(undefined, [path.join(dir, "nowhere")])).toBeUndefined();
  });

  it("names both installs and NATS_URL in one line where there is none", () => {
    const line = natsMissing("127.0.0.1:4222");
    expect(line).toContain("apt-get install nats-server");
    expect(line).toContain("brew install nats-server");
    expect(line).toContain("NATS_URL");
    expect(line).toContain("/usr/sbin, /usr/local/bin, /opt/homebrew/bin");
    expect(line).not.toContain("\n");
  });
});
