import { Agent, request } from "undici";
import {
  BrokenCircuitError, CircuitState, ConsecutiveBreaker, ExponentialBackoff, TaskCancelledError, TimeoutStrategy,
  circuitBreaker, handleType, retry, timeout, wrap,
} from "cockatiel";
import { INTERNAL_IDENTITY_HEADER, type InternalTokens } from "@airbnb/identity";
import { PaymentUnavailableError, type ChargeOutcome, type PaymentGateway } from "../application/ports.ts";

/** A failure worth retrying or counting against payment's health (not a refused request). */
class PaymentTransportError extends Error {}

export interface PaymentGatewayOptions {
  baseUrl: string;
  tokens: InternalTokens;
  timeoutMs?: number;
  /** Consecutive failures that open the breaker. */
  failureThreshold?: number;
  halfOpenAfterMs?: number;
}

/**
 * Calls payment over HTTP: a timeout per attempt, one retry (safe: the
 * reservation id is payment's idempotency key) and a circuit breaker, so a
 * sick payment context costs callers milliseconds, not seconds.
 */
export class HttpPaymentGateway implements PaymentGateway {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  private readonly breaker;
  private readonly policy;
  private readonly halfOpenAfterMs: number;
  private openedAt = 0;

  constructor(private readonly options: PaymentGatewayOptions) {
    this.halfOpenAfterMs = options.halfOpenAfterMs ?? 5_000;
    // A timed-out attempt is transient too: it is retried and counted by the breaker
    // (cockatiel's errors carry name "Error", and its isTaskCancelledError() tests the wrong
    // marker in 3.x, so they are matched with instanceof).
    const transient = handleType(PaymentTransportError).orType(TaskCancelledError);
    this.breaker = circuitBreaker(transient, {
      halfOpenAfter: this.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.failureThreshold ?? 5),
    });
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    this.policy = wrap(
      retry(transient, { maxAttempts: 1, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 200 }) }),
      this.breaker,
      // Nothing is left running once a call returns: aborting its signal then would only build an AbortError per call.
      timeout(options.timeoutMs ?? 1_500, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false }),
    );
  }

  /**
   * False while the breaker is open. Once halfOpenAfterMs has passed it is true
   * again: cockatiel moves to half-open only when a call is attempted, so a
   * caller must try (one trial call goes through; concurrent ones are refused).
   */
  get available(): boolean {
    return this.breaker.state !== CircuitState.Open || Date.now() - this.openedAt >= this.halfOpenAfterMs;
  }

  /** The breaker's own state (the payment_circuit_open gauge), unlike `available`, which already allows the half-open trial. */
  get circuitOpen(): boolean {
    return this.breaker.state === CircuitState.Open;
  }

  get retryAfterSeconds(): number {
    return Math.ceil(this.halfOpenAfterMs / 1000);
  }

  async charge(body: { reservationId: string; roomId: string; guestId: string; amount: number; paymentMethod: string }): Promise<ChargeOutcome> {
    try {
      return await this.policy.execute(({ signal }) => this.post(body, signal));
    } catch (error) {
      if (error instanceof PaymentTransportError || error instanceof TaskCancelledError || error instanceof BrokenCircuitError) {
        throw new PaymentUnavailableError((error as Error).message);
      }
      throw error;
    }
  }

  private async post(body: object, signal: AbortSignal): Promise<ChargeOutcome> {
    let response;
    try {
      response = await request(`${this.options.baseUrl}/internal/charge`, {
        method: "POST",
        dispatcher: this.agent,
        signal,
        headers: { "content-type": "application/json", [INTERNAL_IDENTITY_HEADER]: await this.options.tokens.sign(null) },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new PaymentTransportError(`payment unreachable: ${(error as Error).message}`);
    }
    const text = await response.body.text();
    if (response.statusCode >= 500) throw new PaymentTransportError(`payment answered ${response.statusCode}`);
    if (response.statusCode !== 200) throw new Error(`payment refused the charge request (${response.statusCode}): ${text}`);
    return JSON.parse(text) as ChargeOutcome;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
