// autocannon ships no types; the bench uses its promise API with these options and results.
declare module "autocannon" {
  namespace autocannon {
    type Options = Record<string, unknown>;
    interface Histogram { average: number; mean: number; p50: number; p90: number; p99: number; max: number; total: number }
    interface Result { requests: Histogram; latency: Histogram; duration: number; errors: number; timeouts: number; non2xx: number }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}
