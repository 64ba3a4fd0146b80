import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Origins allowed when CORS_ORIGINS is not set, outside production: local pages
 * on any port (the board page's dev server, Sandbox opened from localhost) and
 * the hosted Apollo Sandbox/Explorer pointed at a local router.
 */
export const DEV_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*", "https://studio.apollographql.com"];

const ALLOWED_METHODS = "GET, POST, OPTIONS";
const EXPOSED_HEADERS = "retry-after, x-request-id";
/** Request headers a cross-origin page may send (Apollo clients, Sandbox, ours). */
const ALLOWED_HEADERS = new Set([
  "authorization", "content-type", "accept", "apollo-require-preflight", "x-apollo-operation-name",
  "apollographql-client-name", "apollographql-client-version", "x-request-id", "baggage", "traceparent", "tracestate",
]);

export type CorsOutcome = "continue" | "answered";

/**
 * The allowlist: exact origins, `*` inside a host (`https://*.example.com`),
 * `:*` for any (or no) port, or a lone `*` for every origin. A page served by
 * the router itself (Origin host = Host) is never cross-origin.
 */
export class CorsPolicy {
  private readonly patterns: RegExp[];
  private readonly any: boolean;

  constructor(origins: readonly string[]) {
    this.any = origins.includes("*");
    this.patterns = origins.filter((origin) => origin !== "*").map(toPattern);
  }

  static fromConfig(corsOrigins: string | undefined, production: boolean): CorsPolicy {
    const listed = corsOrigins?.split(",").map((origin) => origin.trim()).filter(Boolean);
    return new CorsPolicy(listed ?? (production ? [] : DEV_ORIGINS));
  }

  allows(origin: string, host: string | undefined): boolean {
    if (host && sameOrigin(origin, host)) return true;
    return this.any || this.patterns.some((pattern) => pattern.test(origin));
  }

  /**
   * Sets the CORS headers for an allowed origin, answers preflights, and refuses
   * (403) requests that a browser sends from an origin that is not allowed.
   * Requests without Origin (curl, servers, same-origin GET) pass untouched.
   */
  handle(req: IncomingMessage, res: ServerResponse): CorsOutcome {
    const origin = req.headers.origin;
    if (typeof origin !== "string") return "continue";
    res.setHeader("vary", "Origin");
    const allowed = this.allows(origin, req.headers.host);
    const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
    if (!allowed) {
      const text = JSON.stringify({ errors: [{ message: `origin ${origin} is not allowed: list it in CORS_ORIGINS`, extensions: { code: "FORBIDDEN" } }] });
      res.writeHead(403, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
      res.end(text);
      return "answered";
    }
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-expose-headers", EXPOSED_HEADERS);
    if (!preflight) return "continue";
    const requested = String(req.headers["access-control-request-headers"] ?? "")
      .split(",").map((header) => header.trim().toLowerCase()).filter((header) => ALLOWED_HEADERS.has(header));
    res.writeHead(204, {
      "access-control-allow-methods": ALLOWED_METHODS,
      ...(requested.length ? { "access-control-allow-headers": requested.join(", ") } : {}),
      "access-control-max-age": "600",
      "content-length": 0,
    });
    res.end();
    return "answered";
  }
}

function toPattern(origin: string): RegExp {
  const escaped = origin.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  const source = escaped.replace(/:\*$/, "(?::[0-9]{1,5})?").replace(/\*/g, "[a-z0-9-]+(?:\\.[a-z0-9-]+)*");
  return new RegExp(`^${source}$`, "i");
}

function sameOrigin(origin: string, host: string): boolean {
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
