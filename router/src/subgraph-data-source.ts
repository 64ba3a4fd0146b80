import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { INTERNAL_IDENTITY_HEADER } from "@airbnb/identity";
import { REQUEST_ID_HEADER } from "@airbnb/service";
import type { RouterContext } from "./router-context.ts";

/**
 * Sends each subgraph fetch with the router-signed identity and the request id.
 * Nothing the client sent is forwarded, so identity headers cannot be forged.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    if (!("internalToken" in context)) return;
    request.http?.headers.set(INTERNAL_IDENTITY_HEADER, context.internalToken);
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
