import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * Builds the limiter for one scope ("ip" or "user"). The default keeps counts in
 * this process's memory, which is right for one router. With several router
 * replicas, pass a factory returning a shared-store limiter of
 * rate-limiter-flexible (RateLimiterRedis, RateLimiterPostgres, … with its own
 * client), ideally with `insuranceLimiter: new RateLimiterMemory(options)` so a
 * store outage falls back to per-process limits instead of failing requests.
 */
export type RateLimiterFactory = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

export interface RateLimitOptions {
  /** Requests to /graphql per client IP per minute; 0 turns the limit off. */
  perIpPerMinute: number;
  /** Requests per client IP per second: the burst a flood hits first, answered with a cheap 429; 0 turns it off. */
  perIpPerSecond?: number;
  /** Requests to /graphql per signed-in user (token `sub`) per minute; 0 turns the limit off. */
  perUserPerMinute: number;
  /** Proxies in front of the router whose X-Forwarded-For entries are trusted; 0 uses the socket's address. */
  trustProxyHops: number;
  store?: RateLimiterFactory;
}

export type RateDecision = { limited: false } | { limited: true; scope: "ip" | "user" | "burst"; retryAfterSeconds: number };

const memoryStore: RateLimiterFactory = (options) => new RateLimiterMemory(options);

/** Per-IP (per second and per minute) and per-user (per minute) fixed windows; a request counts against each. */
export class RequestRateLimiter {
  private readonly burst: RateLimiterAbstract | null;
  private readonly perIp: RateLimiterAbstract | null;
  private readonly perUser: RateLimiterAbstract | null;

  constructor(private readonly options: RateLimitOptions) {
    const store = options.store ?? memoryStore;
    this.burst = (options.perIpPerSecond ?? 0) > 0 ? store({ keyPrefix: "rl-burst", points: options.perIpPerSecond!, duration: 1 }) : null;
    this.perIp = options.perIpPerMinute > 0 ? store({ keyPrefix: "rl-ip", points: options.perIpPerMinute, duration: 60 }) : null;
    this.perUser = options.perUserPerMinute > 0 ? store({ keyPrefix: "rl-user", points: options.perUserPerMinute, duration: 60 }) : null;
  }

  /** Counts one request of `ip` (and of `userId` when signed in) and says whether it is over a limit. */
  async consume(ip: string, userId: string | null): Promise<RateDecision> {
    const byBurst = this.burst && (await take(this.burst, ip));
    if (byBurst) return { limited: true, scope: "burst", retryAfterSeconds: byBurst };
    const byIp = this.perIp && (await take(this.perIp, ip));
    if (byIp) return { limited: true, scope: "ip", retryAfterSeconds: byIp };
    const byUser = this.perUser && userId !== null && (await take(this.perUser, userId));
    if (byUser) return { limited: true, scope: "user", retryAfterSeconds: byUser };
    return { limited: false };
  }

  clientIp(req: IncomingMessage): string {
    return clientIp(req, this.options.trustProxyHops);
  }
}

/** Seconds until the key may try again, or 0 when the point was granted. */
export async function take(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (rejection) {
    // A store failure (not a RateLimiterRes) must not take the API down with it: let the request through.
    if (!(rejection instanceof RateLimiterRes)) return 0;
    return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  }
}

/**
 * The caller's address as the limit key: the socket's peer, or with
 * `trustProxyHops` proxies in front, the X-Forwarded-For entry they appended
 * (the rightmost entries are the trusted ones; the leftmost can be forged).
 * IPv6 clients are keyed by their /64, which one subscriber usually holds whole.
 */
export function clientIp(req: IncomingMessage, trustProxyHops = 0): string {
  let address = req.socket.remoteAddress ?? "unknown";
  if (trustProxyHops > 0) {
    const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",").map((part) => part.trim()).filter(Boolean);
    const candidate = forwarded[forwarded.length - trustProxyHops];
    if (candidate && isIP(candidate)) address = candidate;
  }
  return normalizeIp(address);
}

export function normalizeIp(address: string): string {
  if (address.startsWith("::ffff:") && isIP(address.slice(7)) === 4) return address.slice(7);
  if (isIP(address) !== 6) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
