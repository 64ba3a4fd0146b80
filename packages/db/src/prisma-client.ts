import { PrismaPg } from "@prisma/adapter-pg";
import { pgConnectionFields } from "@airbnb/config";

type ClientConstructor<C> = new (options: { adapter: PrismaPg }) => C;

/**
 * A context's generated Prisma client on the pg driver adapter (no Rust engine).
 * `DATABASE_POOL_MAX` caps the pool of every context (where many processes share
 * one Postgres and its max_connections, e.g. replicas or test systems).
 */
export function createPrismaClient<C>(Client: ClientConstructor<C>, url: string, poolSize = 10): C {
  const cap = Number(process.env.DATABASE_POOL_MAX);
  const max = Number.isInteger(cap) && cap > 0 ? Math.min(poolSize, cap) : poolSize;
  return new Client({ adapter: new PrismaPg({ ...pgConnectionFields(url), max }) });
}
