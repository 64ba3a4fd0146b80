import { Agent } from "undici";

/**
 * Keep-alive pools to the subgraphs. Idle connections are closed by the router
 * (2 s) well before a draining subgraph gives up on them (see packages/service),
 * so a request is never written onto a connection the subgraph is closing.
 */
export const subgraphAgent = new Agent({ keepAliveTimeout: 2_000, keepAliveMaxTimeout: 2_000, connections: 128, pipelining: 1 });

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
 */
export class SubgraphReplicas {
  readonly urls: string[];
  private turn = 0;

  constructor(url: string) {
    this.urls = url.split(",").map((u) => u.trim()).filter(Boolean);
  }

  async send<T>(attempt: (url: string) => Promise<T>, { read = false } = {}): Promise<T> {
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
