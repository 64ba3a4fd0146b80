export { runSubgraph, type SubgraphDefinition, type SubgraphParts, type SubgraphResolvers, type Infrastructure, type InternalRoute, type RunningService } from "./subgraph-server.ts";
export { runAsProcess } from "./lifecycle.ts";
export { executeGraphQL, readGraphQLBody, readJsonBody, sendJson, sendGraphQLError, RequestBodyError } from "./http-graphql.ts";
export { DocumentCache, formatGraphQLErrors, parseOperation, plainGraphQLRequest, sendGraphQLResponse, type GraphQLRequest } from "./graphql-fast-path.ts";
export { errorFormatter } from "./format-error.ts";
export { type RequestContext, requestIdOf, REQUEST_ID_HEADER } from "./request-context.ts";
export { loaderFor } from "./loaders.ts";
export { DateTime, type EntityKey } from "./scalars.ts";
export { AdmissionControl, type AdmissionControlOptions } from "./admission-control.ts";
