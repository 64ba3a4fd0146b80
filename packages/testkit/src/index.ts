export { testEnv } from "./env.ts";
export { mintToken, routerHeaders, type TokenOptions } from "./tokens.ts";
export { gql, bearer, errorCode, type GraphQLResponse } from "./graphql-client.ts";
export { waitFor } from "./wait-for.ts";
export { startTestSubgraph, type TestSubgraph } from "./subgraph-harness.ts";
export { liveClient, type LiveClient, type LiveSubscription, type Push } from "./live-client.ts";
export { actor, day, type Actor } from "./actors.ts";
export { pool } from "./pool.ts";
