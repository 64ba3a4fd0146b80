import type { DomainEvent } from "@airbnb/events";
import type { BoardStore } from "./ports.ts";
import { projectEvent } from "./board-projection.ts";

/** Keeps the board from the event stream; the only writer of the live board. */
export class BoardProjector {
  constructor(private readonly store: BoardStore) {}

  async handle(event: DomainEvent): Promise<void> {
    const change = projectEvent(event);
    if (change) await this.store.apply(event, change);
  }
}
