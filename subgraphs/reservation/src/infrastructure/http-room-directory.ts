import { Agent, request } from "undici";
import { ConsecutiveBreaker, TimeoutStrategy, circuitBreaker, handleAll, timeout, wrap } from "cockatiel";
import { INTERNAL_IDENTITY_HEADER, type InternalTokens } from "@airbnb/identity";
import { RoomsUnavailableError, type RoomDirectory } from "../application/ports.ts";
import type { BookableRoom } from "../domain/reservation.ts";

export interface RoomDirectoryOptions {
  baseUrl: string;
  tokens: InternalTokens;
  /** Short: past it the booking goes by the replica, which is at most a moment behind. */
  timeoutMs?: number;
  failureThreshold?: number;
  halfOpenAfterMs?: number;
}

/**
 * Asks the room context for a room as it is now (`POST /internal/bookable-room`),
 * behind a timeout and a circuit breaker: a sick room context costs a booking
 * at most the timeout, and nothing while the breaker is open. No retry: the
 * replica is the answer then.
 */
export class HttpRoomDirectory implements RoomDirectory {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  private readonly policy;

  constructor(private readonly options: RoomDirectoryOptions) {
    const breaker = circuitBreaker(handleAll, {
      halfOpenAfter: options.halfOpenAfterMs ?? 5_000,
      breaker: new ConsecutiveBreaker(options.failureThreshold ?? 5),
    });
    // Nothing is left running once a call returns: aborting its signal then would only build an AbortError per call.
    this.policy = wrap(breaker, timeout(options.timeoutMs ?? 1_000, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false }));
  }

  async find(roomId: string): Promise<BookableRoom | null> {
    try {
      return await this.policy.execute(({ signal }) => this.post(roomId, signal));
    } catch (error) {
      // Timed out, breaker open, unreachable or answering oddly: all mean "go by the replica".
      throw new RoomsUnavailableError(`room context could not answer: ${(error as Error).message}`);
    }
  }

  private async post(roomId: string, signal: AbortSignal): Promise<BookableRoom | null> {
    const response = await request(`${this.options.baseUrl}/internal/bookable-room`, {
      method: "POST",
      dispatcher: this.agent,
      signal,
      headers: { "content-type": "application/json", [INTERNAL_IDENTITY_HEADER]: await this.options.tokens.sign(null) },
      body: JSON.stringify({ roomId }),
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`room answered ${response.statusCode}: ${text}`);
    return (JSON.parse(text) as { room: BookableRoom | null }).room;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
