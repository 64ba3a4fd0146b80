/** A push-based async iterator: the registry pushes results, graphql-ws pulls them. */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffered: T[] = [];
  private readonly waiting: Array<(result: IteratorResult<T>) => void> = [];
  private ended = false;

  constructor(private readonly onEnd: () => void = () => {}) {}

  push(value: T): void {
    if (this.ended) return;
    const next = this.waiting.shift();
    if (next) next({ value, done: false });
    else this.buffered.push(value);
  }

  /** Completes the iterator: pending pulls resolve as done. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const next of this.waiting.splice(0)) next({ value: undefined, done: true });
    this.onEnd();
  }

  next(): Promise<IteratorResult<T>> {
    const value = this.buffered.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
