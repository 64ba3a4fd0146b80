import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyMode =
  | { kind: "pass" }
  | { kind: "delay"; ms: number }
  | { kind: "blackhole" }
  /** A partition of the return path: the request reaches the target (which does the work), its answer never comes back. */
  | { kind: "one-way" }
  /** Passes the request on, waits for the target's answer, runs `onAnswer` (e.g. kills the target), then resets the caller's connection instead of answering. */
  | { kind: "drop-answer"; onAnswer: () => Promise<void> };

/**
 * A tiny HTTP proxy a test puts between a caller and a service (e.g.
 * PAYMENT_URL pointing at it): it passes requests on, delays them, or
 * swallows them without an answer. The fault lives in the test, not in production code.
 */
export interface FaultProxy {
  url: string;
  mode: ProxyMode;
  /** Where requests go from now on (another replica, as a load balancer would route after a pod died). */
  target: string;
  /** Requests that reached the proxy, and those it passed on to the target. */
  readonly received: number;
  readonly forwarded: number;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<FaultProxy> {
  const state = { mode: { kind: "pass" } as ProxyMode, target, received: 0, forwarded: 0 };
  const held = new Set<ServerResponse>();
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, onAnswer?: "swallow" | (() => Promise<void>)) => {
    state.forwarded++;
    const { hostname, port } = new URL(state.target);
    const upstream = request({ host: hostname, port: Number(port), method: req.method, path: req.url, headers: req.headers }, (answer) => {
      if (res.destroyed) return void answer.resume(); // the caller gave up; the target did the work anyway
      if (onAnswer === "swallow") return void answer.resume();
      if (onAnswer) {
        answer.resume();
        return void onAnswer().finally(() => res.destroy());
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.once("error", () => res.destroy());
    upstream.end(body);
  };
  const server = createServer((req, res) => {
    state.received++;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const mode = state.mode;
      if (mode.kind === "pass") return forward(req, res, body);
      if (mode.kind === "drop-answer") return forward(req, res, body, mode.onAnswer);
      held.add(res);
      res.once("close", () => held.delete(res));
      // delay: the request reaches the target late, whether or not the caller still waits (a slow service).
      if (mode.kind === "delay") setTimeout(() => forward(req, res, body), mode.ms);
      if (mode.kind === "one-way") forward(req, res, body, "swallow");
      // blackhole and one-way: never answered; the caller's timeout ends it.
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get mode() {
      return state.mode;
    },
    set mode(mode: ProxyMode) {
      state.mode = mode;
    },
    get target() {
      return state.target;
    },
    set target(url: string) {
      state.target = url;
    },
    get received() {
      return state.received;
    },
    get forwarded() {
      return state.forwarded;
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
