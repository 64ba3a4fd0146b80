import type { DomainEvent } from "@airbnb/events";
import type { StayLedger } from "./ports.ts";
import { stayChangeOf } from "./stay-events.ts";

/**
 * Keeps the stays reviews are checked against, and the rooms they may be
 * written for, from other contexts' events alone. The consumer takes every
 * event (NATS 2.9 gives a consumer one filter subject): the rest is ignored.
 */
export class StayRecorder {
  constructor(private readonly ledger: StayLedger) {}

  async handle(event: DomainEvent): Promise<void> {
    switch (event.type) {
      case "RoomRegistered":
        return this.ledger.recordRoom(event, event.data.roomId, "LISTED");
      case "RoomDeleted":
        return this.ledger.recordRoom(event, event.data.roomId, "DELISTED");
      default: {
        const change = stayChangeOf(event);
        if (change) await this.ledger.record(event, change);
      }
    }
  }
}
