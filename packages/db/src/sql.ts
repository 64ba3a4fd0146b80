/** What every generated Prisma client and its transaction client offer for tagged SQL. */
export interface RawSql {
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
}

export interface TransactionOptions {
  timeout?: number;
  maxWait?: number;
}

/** A Prisma client reduced to what the shared outbox and inbox code needs. */
export interface TransactionalSql<Tx extends RawSql = RawSql> extends RawSql {
  $transaction<R>(work: (tx: Tx) => Promise<R>, options?: TransactionOptions): Promise<R>;
}
