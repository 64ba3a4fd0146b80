import { PrismaPg } from "@prisma/adapter-pg";
import { pgConnectionFields } from "@airbnb/config";

type ClientConstructor<C> = new (options: { adapter: PrismaPg }) => C;

/** A context's generated Prisma client on the pg driver adapter (no Rust engine). */
export function createPrismaClient<C>(Client: ClientConstructor<C>, url: string, poolSize = 10): C {
  return new Client({ adapter: new PrismaPg({ ...pgConnectionFields(url), max: poolSize }) });
}
