import { bulkhead, BulkheadRejectedError, type BulkheadPolicy } from "cockatiel";
import { DomainError } from "@airbnb/kernel";
import type { Admission } from "../application/ports.ts";

export interface BookingAdmissionOptions {
  /** Bookings worked on at once. */
  maxInFlight: number;
  /** Bookings waiting in line for one of those places; more are refused. */
  maxQueue: number;
  /** A booking whose expected wait in line is longer is refused, even with room in the line (a slow payment). */
  maxWaitMs: number;
  /** A monotonic clock in milliseconds. */
  now?: () => number;
  onRefused?: () => void;
}

// Weight of the latest booking in the running estimate of how long one takes: about the last ten count.
const SMOOTHING = 0.1;
// "Come back shortly": a guest is never sent away for longer, whatever a starved process estimates.
const MAX_RETRY_AFTER_SECONDS = 30;

/**
 * A bulkhead (cockatiel) in front of the booking path: a bound on the work in
 * flight and on the line, and a bound on the expected wait in that line,
 * estimated from how long bookings have taken lately. Over either bound a
 * booking is refused at once: under a spike every answer stays fast.
 *
 * A refused guest is told when to come back as if placed in a line outside
 * (`retryAfterSeconds`): after what is in the system now and the guests
 * refused before them, worked off at the measured rate. The returns then come
 * about as fast as bookings can be served, instead of all refused guests
 * returning in the same second and spending the capacity on refusals.
 */
export class BookingAdmission implements Admission {
  private readonly bulkhead: BulkheadPolicy;
  private readonly now: () => number;
  /** Milliseconds one booking takes once it runs (smoothed); starts where the wait bound and the line's bound agree. */
  private serviceMs: number;
  /** Guests refused and not yet due back, and when that was last worked out. */
  private outside = 0;
  private outsideAt = 0;

  constructor(private readonly options: BookingAdmissionOptions) {
    this.bulkhead = bulkhead(options.maxInFlight, options.maxQueue);
    this.now = options.now ?? (() => performance.now());
    this.serviceMs = (options.maxWaitMs * options.maxInFlight) / Math.max(1, options.maxQueue);
  }

  get inFlight(): number {
    return this.options.maxInFlight - this.bulkhead.executionSlots;
  }

  get queued(): number {
    return this.options.maxQueue - this.bulkhead.queueSlots;
  }

  /** How long `bookings` more would take to be worked off, maxInFlight at a time. */
  private workOffMs(bookings: number): number {
    return (bookings * this.serviceMs) / this.options.maxInFlight;
  }

  /** How long a booking arriving now would wait for a place in flight. */
  expectedWaitMs(): number {
    return this.bulkhead.executionSlots > 0 ? 0 : this.workOffMs(this.queued + 1);
  }

  async run<T>(booking: () => Promise<T>): Promise<T> {
    if (this.expectedWaitMs() > this.options.maxWaitMs) throw this.refuse();
    try {
      return await this.bulkhead.execute(async () => {
        const started = this.now();
        try {
          return await booking();
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
    // The line outside moves at the rate bookings are served.
    this.outside = Math.max(0, this.outside - (now - this.outsideAt) * (this.options.maxInFlight / this.serviceMs)) + 1;
    this.outsideAt = now;
    const dueInMs = this.workOffMs(this.inFlight + this.queued + this.outside);
    return new DomainError("OVERLOADED", "too many bookings at this moment: nothing was held or charged, try again shortly", {
      retryAfterSeconds: Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(dueInMs / 1000))),
    });
  }
}
