import type { DomainEvent } from "@airbnb/events";
import type { StayLedger } from "./ports.ts";
import { stayChangeOf } from "./stay-events.ts";

/** Keeps the stays reviews are checked against, from the reservation context's events alone. */
export class StayRecorder {
  constructor(private readonly ledger: StayLedger) {}

  async handle(event: DomainEvent): Promise<void> {
    const change = stayChangeOf(event);
    if (change) await this.ledger.record(event, change);
  }
}
