/**
 * Bounds how many tasks run at once while keeping tasks that share a key in
 * arrival order (e.g. the events of one reservation).
 */
export class KeyedLimiter {
  private running = 0;
  private readonly tails = new Map<string, Promise<void>>();
  private waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Resolves when a task may start; call before `run`. */
  async slot(): Promise<void> {
    while (this.running >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.running++;
  }

  run(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(task).finally(() => {
      if (this.tails.get(key) === current) this.tails.delete(key);
      this.running--;
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    });
    this.tails.set(key, current);
    return current;
  }

  async idle(): Promise<void> {
    while (this.running > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}
