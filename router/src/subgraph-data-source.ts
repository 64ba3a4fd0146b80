import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { fetch as undiciFetch } from "undici";
import { INTERNAL_IDENTITY_HEADER } from "@airbnb/identity";
import { REQUEST_ID_HEADER } from "@airbnb/service";
import type { RouterContext } from "./router-context.ts";
import { isQuery, subgraphAgent, SubgraphReplicas } from "./subgraph-replicas.ts";

/**
 * Sends each subgraph fetch with the router-signed identity and the request id.
 * Nothing the client sent is forwarded, so identity headers cannot be forged.
 * The url may name several replicas (see SubgraphReplicas).
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  protected readonly replicas: SubgraphReplicas;

  constructor({ url = "", writesInFlight }: { url?: string; writesInFlight?: number }) {
    const replicas = new SubgraphReplicas(url, { writesInFlight });
    super({ url: replicas.urls[0] });
    this.replicas = replicas;
    // This stock path serves A/B runs (ROUTER_FAST_PATH=0): the body is parsed once more to tell a read.
    this.fetcher = ((_url: string, init: Parameters<typeof undiciFetch>[1]) =>
      replicas.send((replica) => undiciFetch(replica, { ...init, dispatcher: subgraphAgent }), { read: isQuery(JSON.parse(String(init?.body)).query) })) as unknown as typeof this.fetcher;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    if (!("internalToken" in context)) return;
    request.http?.headers.set(INTERNAL_IDENTITY_HEADER, context.internalToken);
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
