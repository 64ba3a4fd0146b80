import { Agent } from "undici";
import { AdmissionControl } from "@airbnb/service";

/** Connections from this router process to each subgraph replica. */
const CONNECTIONS = 128;

/**
 * Keep-alive pools to the subgraphs. Idle connections are closed by the router
 * (2 s) well before a draining subgraph gives up on them (see packages/service),
 * so a request is never written onto a connection the subgraph is closing.
 */
export const subgraphAgent = new Agent({ keepAliveTimeout: 2_000, keepAliveMaxTimeout: 2_000, connections: CONNECTIONS, pipelining: 1 });

/** A read: the gateway writes subgraph operations as `query …` or `{ … }`, mutations as `mutation …`. */
export const isQuery = (document: string) => {
  const text = document.trimStart();
  return text.startsWith("{") || text.startsWith("query");
};

type NetError = { code?: string; syscall?: string };

/** The socket error behind a failed request: undici's own, or the one it wraps as `cause`. */
const netErrorOf = (error: unknown): NetError => (error as NetError).code ? (error as NetError) : ((error as { cause?: NetError }).cause ?? {});

/**
 * A request that could not have reached the subgraph: nothing was sent, so another replica may take it.
 * That includes any failure of the connect itself: a replica closing its listener resets connections
 * still in its accept queue (ECONNRESET from `connect`), before a byte of the request was written.
 */
const notSent = (error: unknown) => {
  const net = netErrorOf(error);
  return net.code === "ECONNREFUSED" || net.code === "ENOTFOUND" || net.code === "EAI_AGAIN" || net.syscall === "connect";
};

/**
 * The connection broke after the request was written: a keep-alive connection the subgraph closed
 * (it restarted, or closed it as idle) at the moment it was reused, or a subgraph that died mid-answer.
 */
const closedByPeer = (error: unknown) => {
  const net = netErrorOf(error);
  return net.code === "UND_ERR_SOCKET" || ((net.code === "ECONNRESET" || net.code === "EPIPE") && net.syscall !== "connect");
};

/**
 * The replicas of one subgraph, from a comma-separated url
 * (`RESERVATION_URL=http://a,http://b`): requests go round-robin and move to
 * the next replica when the connection was refused, i.e. the request was
 * never sent (a replica stopped or stopping). A read whose connection the
 * subgraph closed is sent once more (it changes nothing, however often it runs);
 * any other failure, and any such failure of a write, is the caller's to see.
 * Writes are bounded (see `writes`).
 */
export class SubgraphReplicas {
  readonly urls: string[];
  private turn = 0;
  /**
   * Writes in flight, `writesInFlight` per replica (SUBGRAPH_WRITES_IN_FLIGHT): one more is
   * refused at once (OVERLOADED, nothing sent) instead of waiting for a connection, in a line
   * the subgraph's own admission control cannot see and that grows with a spike (measured:
   * refusals p50 1.5 s while the router answered `{ __typename }` in 14 ms). Never sent, it
   * held and charged nothing.
   */
  private readonly writes: AdmissionControl;

  constructor(url: string, { writesInFlight = CONNECTIONS } = {}) {
    this.urls = url.split(",").map((u) => u.trim()).filter(Boolean);
    this.writes = new AdmissionControl({
      maxInFlight: writesInFlight * this.urls.length,
      maxQueue: 0,
      // No line: only the first estimate of how long a write takes, before any is measured.
      maxWaitMs: 3_000,
      refusal: "too many changes at this moment: nothing was done or charged, try again shortly",
    });
  }

  send<T>(attempt: (url: string) => Promise<T>, { read = false } = {}): Promise<T> {
    return read ? this.sendToReplicas(attempt, true) : this.writes.run(() => this.sendToReplicas(attempt, false));
  }

  private async sendToReplicas<T>(attempt: (url: string) => Promise<T>, read: boolean): Promise<T> {
    const first = this.turn++ % this.urls.length;
    let mayResend = read;
    for (let i = 0; ; i++) {
      try {
        return await attempt(this.urls[(first + i) % this.urls.length]!);
      } catch (error) {
        if (mayResend && closedByPeer(error)) {
          mayResend = false;
          continue;
        }
        if (i + 1 >= this.urls.length || !notSent(error)) throw error;
      }
    }
  }
}
