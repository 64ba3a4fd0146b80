import { describe, expect, it } from "vitest";
import { SubgraphReplicas } from "../../src/subgraph-replicas.ts";

const netError = (code: string, syscall?: string) => Object.assign(new Error(code), { code, syscall });

/** Sends once through two replicas where the first fails with `error`; returns the urls tried. */
async function tried(error: Error): Promise<{ urls: string[]; outcome: unknown }> {
  const replicas = new SubgraphReplicas("http://a,http://b");
  const urls: string[] = [];
  const outcome = await replicas
    .send(async (url) => {
      urls.push(url);
      if (url === "http://a") throw error;
      return "answered by b";
    })
    .catch((thrown: unknown) => thrown);
  return { urls, outcome };
}

describe("SubgraphReplicas", () => {
  it("moves to the next replica when the request was never sent", async () => {
    for (const error of [netError("ECONNREFUSED", "connect"), netError("ECONNRESET", "connect"), Object.assign(new Error("x"), { cause: netError("ECONNRESET", "connect") })]) {
      expect(await tried(error)).toEqual({ urls: ["http://a", "http://b"], outcome: "answered by b" });
    }
  });

  it("reports a failure after the request may have been sent, without sending it again", async () => {
    const reset = netError("ECONNRESET", "read");
    expect(await tried(reset)).toEqual({ urls: ["http://a"], outcome: reset });
    const closed = netError("UND_ERR_SOCKET");
    expect(await tried(closed)).toEqual({ urls: ["http://a"], outcome: closed });
  });
});
