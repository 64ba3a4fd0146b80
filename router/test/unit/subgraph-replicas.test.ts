import { describe, expect, it } from "vitest";
import { SubgraphReplicas } from "../../src/subgraph-replicas.ts";

const netError = (code: string, syscall?: string) => Object.assign(new Error(code), { code, syscall });

/** Sends once through two replicas where the first fails with `error`; returns the urls tried. */
async function tried(error: Error, { read = false, replicasUrl = "http://a,http://b" } = {}): Promise<{ urls: string[]; outcome: unknown }> {
  const replicas = new SubgraphReplicas(replicasUrl);
  const urls: string[] = [];
  const outcome = await replicas
    .send(async (url) => {
      urls.push(url);
      if (urls.length === 1) throw error;
      return `answered by ${url}`;
    }, { read })
    .catch((thrown: unknown) => thrown);
  return { urls, outcome };
}

describe("SubgraphReplicas", () => {
  it("moves to the next replica when the request was never sent", async () => {
    for (const error of [netError("ECONNREFUSED", "connect"), netError("ECONNRESET", "connect"), Object.assign(new Error("x"), { cause: netError("ECONNRESET", "connect") })]) {
      expect(await tried(error)).toEqual({ urls: ["http://a", "http://b"], outcome: "answered by http://b" });
    }
  });

  it("reports a failure after the request may have been sent, without sending it again", async () => {
    const reset = netError("ECONNRESET", "read");
    expect(await tried(reset)).toEqual({ urls: ["http://a"], outcome: reset });
    const closed = netError("UND_ERR_SOCKET");
    expect(await tried(closed)).toEqual({ urls: ["http://a"], outcome: closed });
  });

  it("sends a read once more when the subgraph closed its connection, a write never", async () => {
    for (const error of [netError("UND_ERR_SOCKET"), netError("ECONNRESET", "read"), Object.assign(new Error("x"), { cause: netError("EPIPE", "write") })]) {
      expect(await tried(error, { read: true, replicasUrl: "http://a" })).toEqual({ urls: ["http://a", "http://a"], outcome: "answered by http://a" });
      expect(await tried(error, { read: false, replicasUrl: "http://a" })).toEqual({ urls: ["http://a"], outcome: error });
    }
  });

  it("sends a read at most twice: a second closed connection is the caller's to see", async () => {
    const replicas = new SubgraphReplicas("http://a");
    const closed = netError("UND_ERR_SOCKET");
    let sent = 0;
    const outcome = await replicas.send(async () => {
      sent++;
      throw closed;
    }, { read: true }).catch((thrown: unknown) => thrown);
    expect({ sent, outcome }).toEqual({ sent: 2, outcome: closed });
  });

  it("refuses a write once every connection carries one, at once and unsent, with a time to come back; reads are not held to it", async () => {
    const replicas = new SubgraphReplicas("http://a");
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let sent = 0;
    const held = () => replicas.send(async () => {
      sent++;
      await released;
      return "written";
    });
    const writes = Array.from({ length: 128 }, held);
    expect(sent).toBe(128);
    await expect(held()).rejects.toMatchObject({ code: "OVERLOADED", details: { retryAfterSeconds: expect.any(Number) } });
    expect(sent).toBe(128);
    expect(await replicas.send(async () => "read", { read: true })).toBe("read");
    release();
    expect(await Promise.all(writes)).toHaveLength(128);
    expect(await held()).toBe("written");
  });
});
