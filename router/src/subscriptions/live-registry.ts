import type { FormattedExecutionResult as ExecutionResult } from "graphql";
import { AsyncQueue } from "./async-queue.ts";
import type { LiveSpec } from "./live-operation.ts";
import type { Touch } from "./topics.ts";

/** Resolves one push: the entity as the supergraph has it now, or null when there is nothing to show. */
export type ResolvePush = (spec: LiveSpec, entityId: string) => Promise<ExecutionResult | null>;

export interface CoalescingOptions {
  /** Quiet time after the last touch before resolving. */
  debounceMs: number;
  /** Longest a touch waits, however busy the entity. */
  maxDelayMs: number;
}

const MAX_TRACKED_ENTITIES = 256;

/**
 * One entity of one group: touches are coalesced, refreshes never overlap
 * (a touch during a refresh queues exactly one more), and a result equal to
 * the last one pushed is not pushed again. Pushes are therefore never older
 * than what was pushed before, and a burst of events makes one push.
 */
class EntityRefresh {
  private timer: NodeJS.Timeout | undefined;
  private firstTouchAt = 0;
  private running = false;
  private dirty = false;
  private lastPushed = "";

  constructor(private readonly run: () => Promise<ExecutionResult | null>, private readonly push: (result: ExecutionResult) => void, private readonly options: CoalescingOptions) {}

  touch(): void {
    const now = Date.now();
    if (!this.timer) this.firstTouchAt = now;
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.options.debounceMs, this.firstTouchAt + this.options.maxDelayMs - now));
    this.timer = setTimeout(() => this.fire(), wait);
  }

  get idle(): boolean {
    return !this.timer && !this.running;
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.dirty = false;
        const result = await this.run().catch(() => null);
        const serialized = result && JSON.stringify(result);
        if (result && serialized !== this.lastPushed) {
          this.lastPushed = serialized!;
          this.push(result);
        }
      } while (this.dirty);
    } finally {
      this.running = false;
    }
  }
}

/** Subscribers with the same spec: each refresh is resolved once and pushed to all. */
class Group {
  readonly members = new Set<AsyncQueue<ExecutionResult>>();
  private readonly entities = new Map<string, EntityRefresh>();

  constructor(readonly spec: LiveSpec, private readonly resolve: ResolvePush, private readonly options: CoalescingOptions) {}

  touch(entityId: string): void {
    let refresh = this.entities.get(entityId);
    if (!refresh) {
      if (this.entities.size >= MAX_TRACKED_ENTITIES) this.forgetIdle();
      refresh = new EntityRefresh(() => this.resolve(this.spec, entityId), (result) => this.broadcast(result), this.options);
      this.entities.set(entityId, refresh);
    }
    refresh.touch();
  }

  close(): void {
    for (const refresh of this.entities.values()) refresh.cancel();
    for (const member of [...this.members]) member.end();
  }

  private broadcast(result: ExecutionResult): void {
    for (const member of this.members) member.push(result);
  }

  private forgetIdle(): void {
    for (const [id, refresh] of this.entities) if (refresh.idle) this.entities.delete(id);
  }
}

/** Every live subscription of this router instance, by topic. */
export class LiveRegistry {
  private readonly topics = new Map<string, Map<string, Group>>();
  private subscribers = 0;

  constructor(private readonly resolve: ResolvePush, private readonly options: CoalescingOptions = { debounceMs: 20, maxDelayMs: 100 }) {}

  subscribe(spec: LiveSpec): AsyncQueue<ExecutionResult> {
    let groups = this.topics.get(spec.topic);
    if (!groups) this.topics.set(spec.topic, (groups = new Map()));
    let group = groups.get(spec.key);
    if (!group) groups.set(spec.key, (group = new Group(spec, this.resolve, this.options)));
    const joined = group;
    const queue = new AsyncQueue<ExecutionResult>(() => {
      joined.members.delete(queue);
      this.subscribers--;
      if (joined.members.size === 0) {
        joined.close();
        groups.delete(spec.key);
        if (groups.size === 0) this.topics.delete(spec.topic);
      }
    });
    joined.members.add(queue);
    this.subscribers++;
    return queue;
  }

  dispatch(touch: Touch): void {
    const groups = this.topics.get(touch.topic);
    if (!groups) return;
    for (const group of groups.values()) {
      if (group.spec.entityFilter === null || group.spec.entityFilter === touch.entityId) group.touch(touch.entityId);
    }
  }

  get size(): number {
    return this.subscribers;
  }

  /** Completes every subscription (the clients receive `complete`). */
  close(): void {
    for (const groups of [...this.topics.values()]) for (const group of [...groups.values()]) group.close();
  }
}
