import { describe, expect, it } from "vitest";
import { natsServers } from "../src/event-bus.ts";

describe("natsServers", () => {
  it("takes one URL or a comma-separated list of a cluster's, spaces and empty entries ignored", () => {
    expect(natsServers("nats://127.0.0.1:4222")).toEqual(["nats://127.0.0.1:4222"]);
    expect(natsServers("nats://a:4222, nats://b:4222,,nats://c:4222 ")).toEqual(["nats://a:4222", "nats://b:4222", "nats://c:4222"]);
  });
});
