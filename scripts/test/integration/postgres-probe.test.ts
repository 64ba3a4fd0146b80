import { describe, expect, it } from "vitest";
import { MIN_POSTGRES_VERSION, probePostgres } from "../../dev-services/probe.ts";

// The machine's Postgres (POSTGRES_URL, or the default), as the launcher probes it.
const server = new URL(process.env.POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432");

describe("probing a real Postgres", () => {
  it("finds the server ready, with a supported version", async () => {
    const probe = await probePostgres(server.toString());
    expect(probe.state).toBe("ready");
    if (probe.state === "ready") expect(Number(probe.version.split(".")[0]) * 10000).toBeGreaterThanOrEqual(MIN_POSTGRES_VERSION);
  });

  it("reports a login the server refuses as unusable, with the server's reason", async () => {
    const stranger = new URL(server);
    stranger.username = "no_such_role_i16";
    stranger.password = "wrong";
    const probe = await probePostgres(stranger.toString());
    expect(probe).toMatchObject({ state: "refused", reason: expect.stringMatching(/no_such_role_i16/) });
  });
});
