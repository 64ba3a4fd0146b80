import DataLoader from "dataloader";
import type { RequestContext } from "./request-context.ts";

const perRequest = new WeakMap<RequestContext, Map<string, DataLoader<string, unknown>>>();

/**
 * A DataLoader that lives as long as one request: the gateway sends one
 * `_entities` call with many keys, and this turns it into one query.
 * `batch` returns the found items; `keyOf` matches them back to their keys.
 */
export function loaderFor<T>(
  context: RequestContext,
  name: string,
  batch: (keys: readonly string[]) => Promise<T[]>,
  keyOf: (item: T) => string,
): DataLoader<string, T | null> {
  let loaders = perRequest.get(context);
  if (!loaders) perRequest.set(context, (loaders = new Map()));
  let loader = loaders.get(name) as DataLoader<string, T | null> | undefined;
  if (!loader) {
    loader = new DataLoader<string, T | null>(async (keys) => {
      const byKey = new Map((await batch(keys)).map((item) => [keyOf(item), item]));
      return keys.map((key) => byKey.get(key) ?? null);
    });
    loaders.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}
