import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface Push<T = Record<string, any>> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

export interface LiveSubscription<T = Record<string, any>> {
  /** Every push so far, in order. */
  readonly pushes: Push<T>[];
  /** When each push arrived (ms since the epoch), index for index. */
  readonly receivedAt: number[];
  /** Resolves with the first push (already received or still to come) that satisfies `match`. */
  next(match?: (push: Push<T>) => boolean, timeoutMs?: number): Promise<Push<T>>;
  /** Resolves with the error that ended the subscription, if one did. */
  readonly failed: Promise<unknown>;
}

export interface LiveClient {
  subscribe(query: string, variables?: Record<string, unknown>): LiveSubscription;
  /** The close event's code once the socket closes. */
  readonly closed: Promise<number>;
  dispose(): Promise<void>;
}

export interface LiveClientOptions {
  /**
   * Reconnect on a close graphql-ws deems retryable (e.g. 1012 service restart), up to
   * this many times, to the next URL of the list each time, resubscribing what was
   * active; 0 (the default) reports the first close, as the tests of close codes need.
   */
  reconnects?: number;
}

/**
 * A graphql-ws client as a browser would open it: token in connection_init; `url` may be
 * a list of router replicas (tried in turn on each connect, as a load balancer would).
 */
export function liveClient(url: string | string[], token?: string, options: LiveClientOptions = {}): LiveClient {
  let onClose: (code: number) => void = () => {};
  const closed = new Promise<number>((resolve) => (onClose = resolve));
  const urls = (Array.isArray(url) ? url : [url]).map((u) => u.replace(/^http/, "ws"));
  let connects = 0;
  const client: Client = createClient({
    url: () => urls[connects++ % urls.length]!,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: options.reconnects ?? 0,
    // Straight to the next replica: the one that closed is going away.
    retryWait: async () => {},
    lazy: false,
    // Connection failures are reported through `closed`, not printed.
    onNonLazyError: () => {},
    on: { closed: (event) => onClose((event as { code: number }).code) },
  });
  return {
    closed,
    subscribe(query: string, variables: Record<string, unknown> = {}): LiveSubscription {
      const pushes: Push[] = [];
      const receivedAt: number[] = [];
      const waiters = new Set<() => void>();
      let fail: (error: unknown) => void = () => {};
      const failed = new Promise<unknown>((resolve) => (fail = resolve));
      client.subscribe({ query, variables }, {
        next: (push) => {
          pushes.push(push as Push);
          receivedAt.push(Date.now());
          for (const wake of waiters) wake();
        },
        error: (error) => fail(error),
        complete: () => {},
      });
      return {
        pushes,
        receivedAt,
        failed,
        next(match: (push: Push) => boolean = () => true, timeoutMs = 5000) {
          return new Promise<Push>((resolve, reject) => {
            const check = () => {
              const found = pushes.find(match);
              if (!found) return;
              waiters.delete(check);
              clearTimeout(timer);
              resolve(found);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              reject(new Error(`no matching push within ${timeoutMs} ms; got ${JSON.stringify(pushes)}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
      };
    },
    dispose: () => Promise.resolve(client.dispose()),
  };
}
