import autocannon from "autocannon";
import { Pool } from "undici";

/** One scenario's figures: throughput, latency percentiles (ms), errors of any kind. */
export interface LoadResult {
  requests: number;
  durationSeconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Transport errors, timeouts, non-2xx answers and GraphQL `errors` in a 200 answer. */
  errors: number;
  /** The first error bodies seen, to tell what went wrong. */
  sampleErrors: string[];
  /** CPU milliseconds each process spent per request (filled in by the runner where it knows the processes). */
  cpuMsPerRequest?: Record<string, number>;
}

export interface GraphQLLoad {
  url: string;
  connections: number;
  durationSeconds: number;
  /** The body and headers of the n-th request (n counts across every call, so generated writes never repeat). */
  request: (n: number) => { body: string; headers?: Record<string, string> };
  /** Requests per second in all, at most; as fast as the answers come when omitted. */
  overallRate?: number;
}

let sequence = 0;

/** Drives a GraphQL endpoint with autocannon; GraphQL errors in 200 answers count as errors. */
export async function runAutocannon(load: GraphQLLoad): Promise<LoadResult> {
  const url = new URL(load.url);
  let graphqlErrors = 0;
  const sampleErrors: string[] = [];
  const result = await autocannon({
    url: `${url.origin}`,
    connections: load.connections,
    duration: load.durationSeconds,
    pipelining: 1,
    timeout: 10,
    ...(load.overallRate ? { overallRate: load.overallRate } : {}),
    requests: [
      {
        method: "POST",
        path: url.pathname,
        setupRequest: (req: Record<string, any>) => {
          const { body, headers } = load.request(sequence++);
          return { ...req, body, headers: { "content-type": "application/json", ...headers } };
        },
        onResponse: (status: number, body: string) => {
          if (status !== 200 || body.includes('"errors"')) {
            graphqlErrors++;
            if (sampleErrors.length < 3) sampleErrors.push(`${status} ${body.slice(0, 300)}`);
          }
        },
      },
    ],
  } as autocannon.Options);
  const total = result.requests.total;
  // autocannon counts a non-2xx answer in non2xx; our onResponse counted it too.
  return {
    requests: total,
    durationSeconds: result.duration,
    rps: total / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: graphqlErrors + result.errors + result.timeouts,
    sampleErrors,
  };
}

/** Percentile of an ascending array (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * A closed-loop load of `connections` workers, each running `work` back to back
 * for the duration: for multi-step work autocannon cannot express (the same
 * fetches the router makes, made by the client itself).
 */
export async function runClosedLoop(connections: number, durationSeconds: number, work: () => Promise<void | string>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const sampleErrors: string[] = [];
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const problem = await work();
        if (problem) {
          errors++;
          if (sampleErrors.length < 3) sampleErrors.push(problem.slice(0, 300));
        }
      } catch (error) {
        errors++;
        if (sampleErrors.length < 3) sampleErrors.push(String(error).slice(0, 300));
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    durationSeconds: elapsed,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
    errors,
    sampleErrors,
  };
}

/** A keep-alive connection pool per origin, for the direct-to-subgraph client. */
const pools = new Map<string, Pool>();

export async function postJson(url: string, body: unknown, headers: Record<string, string>): Promise<any> {
  const u = new URL(url);
  let pool = pools.get(u.origin);
  if (!pool) pools.set(u.origin, (pool = new Pool(u.origin, { connections: 64, pipelining: 1 })));
  const response = await pool.request({
    method: "POST",
    path: u.pathname,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.body.json()) as any;
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${JSON.stringify(json).slice(0, 200)}`);
  return json;
}

export async function closePools(): Promise<void> {
  await Promise.all([...pools.values()].map((pool) => pool.close()));
  pools.clear();
}
