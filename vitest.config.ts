import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// Vite prefers graphql's ESM build ("module"), while the CommonJS Apollo packages require its
// CommonJS one: two copies, and graphql-js refuses a schema from "another module or realm".
// Node (the services' runtime) resolves "graphql" to the CommonJS build; so do the tests.
const resolve = { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve("graphql") }] };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          include: ["packages/*/test/*.test.ts", "subgraphs/*/test/unit/**/*.test.ts", "router/test/unit/**/*.test.ts", "k8s/check/**/*.test.ts", "scripts/test/unit/**/*.test.ts"],
        },
      },
      {
        resolve,
        // Real Postgres and NATS JetStream; each file isolates itself with its own databases and stream.
        test: {
          name: "integration",
          include: ["subgraphs/*/test/integration/**/*.test.ts", "packages/*/test/integration/**/*.test.ts", "scripts/test/integration/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve,
        // The whole system as processes, driven through the router over HTTP and WebSocket.
        test: {
          name: "e2e",
          include: ["e2e/test/**/*.test.ts"],
          globalSetup: ["e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve,
        // Faults against real processes: each file starts its own nats-server and system, then kills parts of them
        // (tracing.test.ts starts one with tracing on, to follow a booking across every process).
        // Run alone (`npm test` runs it after the others), one file at a time.
        test: {
          name: "faults",
          include: ["e2e/faults/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
