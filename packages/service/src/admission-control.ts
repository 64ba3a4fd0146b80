import { bulkhead, BulkheadRejectedError, type BulkheadPolicy } from "cockatiel";
import { DomainError } from "@airbnb/kernel";

export interface AdmissionControlOptions {
  /** Calls worked on at once. */
  maxInFlight: number;
  /** Calls waiting in line for one of those places; more are refused. */
  maxQueue: number;
  /** A call whose expected wait in line is longer is refused, even with room in the line (a slow payment). */
  maxWaitMs: number;
  /** What a refused caller is told (the code is OVERLOADED, with `retryAfterSeconds`). */
  refusal: string;
  /** A monotonic clock in milliseconds. */
  now?: () => number;
  onRefused?: () => void;
}

// Weight of the latest call in the running estimate of how long one takes: about the last ten count.
const SMOOTHING = 0.1;
// "Come back shortly": a caller is never sent away for longer, whatever a starved process estimates.
const MAX_RETRY_AFTER_SECONDS = 30;

/**
 * A bulkhead (cockatiel) in front of a path that can be overloaded: a bound
 * on the work in flight and on the line, and a bound on the expected wait in
 * that line, estimated from how long calls have taken lately. Over either
 * bound a call is refused at once (OVERLOADED): under a spike every answer
 * stays fast. Reservation puts one in front of its booking path; the router
 * one in front of each subgraph's writes, so that a spike is refused before
 * it lines up for a connection.
 *
 * A refused caller is told when to come back as if placed in a line outside
 * (`retryAfterSeconds`): after what is in the system now and the callers
 * refused before them, worked off at the measured rate. The returns then come
 * about as fast as calls can be served, instead of all refused callers
 * returning in the same second and spending the capacity on refusals.
 */
export class AdmissionControl {
  private readonly bulkhead: BulkheadPolicy;
  private readonly now: () => number;
  /** Milliseconds one call takes once it runs (smoothed); starts as if the longest line the bounds allow took maxWaitMs. */
  private serviceMs: number;
  /** Callers refused and not yet due back, and when that was last worked out. */
  private outside = 0;
  private outsideAt = 0;

  constructor(private readonly options: AdmissionControlOptions) {
    this.bulkhead = bulkhead(options.maxInFlight, options.maxQueue);
    this.now = options.now ?? (() => performance.now());
    this.serviceMs = (options.maxWaitMs * options.maxInFlight) / Math.max(options.maxInFlight, options.maxQueue);
  }

  get inFlight(): number {
    return this.options.maxInFlight - this.bulkhead.executionSlots;
  }

  get queued(): number {
    return this.options.maxQueue - this.bulkhead.queueSlots;
  }

  /** How long `calls` more would take to be worked off, maxInFlight at a time. */
  private workOffMs(calls: number): number {
    return (calls * this.serviceMs) / this.options.maxInFlight;
  }

  /** How long a call arriving now would wait for a place in flight. */
  expectedWaitMs(): number {
    return this.bulkhead.executionSlots > 0 ? 0 : this.workOffMs(this.queued + 1);
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.expectedWaitMs() > this.options.maxWaitMs) throw this.refuse();
    try {
      return await this.bulkhead.execute(async () => {
        const started = this.now();
        try {
          return await call();
        } finally {
          this.serviceMs += SMOOTHING * (this.now() - started - this.serviceMs);
        }
      });
    } catch (error) {
      if (error instanceof BulkheadRejectedError) throw this.refuse();
      throw error;
    }
  }

  private refuse(): DomainError {
    this.options.onRefused?.();
    const now = this.now();
    // The line outside moves at the rate calls are served.
    this.outside = Math.max(0, this.outside - (now - this.outsideAt) * (this.options.maxInFlight / this.serviceMs)) + 1;
    this.outsideAt = now;
    const dueInMs = this.workOffMs(this.inFlight + this.queued + this.outside);
    return new DomainError("OVERLOADED", this.options.refusal, {
      retryAfterSeconds: Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(dueInMs / 1000))),
    });
  }
}
