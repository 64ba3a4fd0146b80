import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { Agent, fetch as undiciFetch } from "undici";
import { INTERNAL_IDENTITY_HEADER } from "@airbnb/identity";
import { REQUEST_ID_HEADER } from "@airbnb/service";
import type { RouterContext } from "./router-context.ts";

/**
 * Idle connections to subgraphs are closed by the router well before a
 * draining subgraph gives up on them (see packages/service), so a request is
 * never written onto a connection the subgraph is closing.
 */
const agent = new Agent({ keepAliveTimeout: 2_000, keepAliveMaxTimeout: 2_000, connections: 128 });

/** A fetch that could not have reached the subgraph: nothing was sent, so another replica may take it. */
const notSent = (error: unknown) => {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
};

/**
 * Sends each subgraph fetch with the router-signed identity and the request id.
 * Nothing the client sent is forwarded, so identity headers cannot be forged.
 *
 * The url may name several replicas, comma-separated (`RESERVATION_URL=http://a,http://b`,
 * see supergraph.ts): fetches go round-robin, and move to the next replica
 * only when the connection was refused, i.e. the request was never sent
 * (a replica stopped or stopping); any other failure is the caller's to see.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  private next = 0;

  constructor({ url = "" }: { url?: string }) {
    const replicas = url.split(",").map((u) => u.trim()).filter(Boolean);
    super({ url: replicas[0] });
    this.fetcher = (async (_url: string, init: Parameters<typeof undiciFetch>[1]) => {
      const first = this.next++ % replicas.length;
      for (let i = 0; ; i++) {
        try {
          return await undiciFetch(replicas[(first + i) % replicas.length]!, { ...init, dispatcher: agent });
        } catch (error) {
          if (i + 1 >= replicas.length || !notSent(error)) throw error;
        }
      }
    }) as unknown as typeof this.fetcher;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    if (!("internalToken" in context)) return;
    request.http?.headers.set(INTERNAL_IDENTITY_HEADER, context.internalToken);
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
