export { cachedVerifier } from "./verified-tokens.ts";
export { FastSubgraphDataSource } from "./subgraph-fetcher.ts";
export { createFastPath, type FastPath, type FastPathOptions } from "./handler.ts";

/**
 * Which parts of the fast path are on: all by default; `ROUTER_FAST_PATH=0`
 * turns them all off (stock Apollo Server + RemoteGraphQLDataSource path), or a
 * comma list (`tokens,fetcher,handler,plans`) names the ones to use: for A/B benchmarks.
 * `plans`: the handler runs cached plans on the gateway's plan executor (gateway-executor.ts)
 * rather than the whole of `ApolloGateway.executor`.
 */
export function fastPathParts(env: NodeJS.ProcessEnv): { tokens: boolean; fetcher: boolean; handler: boolean; plans: boolean } {
  const setting = env.ROUTER_FAST_PATH?.trim();
  if (!setting || setting === "1" || setting === "on") return { tokens: true, fetcher: true, handler: true, plans: true };
  const parts = new Set(setting.split(",").map((part) => part.trim()));
  return { tokens: parts.has("tokens"), fetcher: parts.has("fetcher"), handler: parts.has("handler"), plans: parts.has("plans") };
}
