import { createClient, type Client, type Sink } from "graphql-ws/client";
import type { TypedDocumentString } from "./generated/graphql.ts";

export interface GraphQLErrorShape {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResult<T> {
  data: T | null;
  errors: GraphQLErrorShape[];
}

/** The router that served this page answers the API on the same origin. */
const httpUrl = new URL("/graphql", location.href).href;
const wsUrl = httpUrl.replace(/^http/, "ws");

/** One query over HTTP POST; GraphQL errors come back in `errors`, only network failures throw. */
export async function request<T, V>(query: TypedDocumentString<T, V>, variables: V, token?: string): Promise<GraphQLResult<T>> {
  const response = await fetch(httpUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: query.toString(), variables }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T | null; errors?: GraphQLErrorShape[] };
  const errors = body.errors ?? (response.ok ? [] : [{ message: `HTTP ${response.status}` }]);
  return { data: body.data ?? null, errors };
}

export type LiveState = "connecting" | "connected" | "lost" | "restored";

/**
 * One graphql-ws connection for the whole page, anonymous (board rows are
 * public). It retries for ever with capped, jittered backoff, and graphql-ws
 * subscribes the page's subscriptions again on every new connection.
 */
export function connectLive(onState: (state: LiveState) => void): Client {
  let lost = false;
  let disposed = false;
  onState("connecting");
  const client = createClient({
    url: wsUrl,
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries) * (0.5 + Math.random() / 2))),
    // Failures are retried; the page learns of them through `closed`.
    onNonLazyError: () => {},
    on: {
      connected: () => {
        onState(lost ? "restored" : "connected");
        lost = false;
      },
      closed: () => {
        if (disposed || lost) return;
        lost = true;
        onState("lost");
      },
    },
  });
  const dispose = client.dispose.bind(client);
  client.dispose = () => {
    disposed = true;
    return dispose();
  };
  return client;
}

/** One subscription on the page's connection, typed by its operation; returns what ends it. */
export function subscribe<T, V extends Record<string, unknown>>(client: Client, query: TypedDocumentString<T, V>, variables: V, sink: Sink<{ data?: T | null }>): () => void {
  return client.subscribe<T>({ query: query.toString(), variables }, sink);
}
