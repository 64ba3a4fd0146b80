import type { DomainEvent } from "@airbnb/events";
import type { BoardStore } from "./ports.ts";
import { projectEvent } from "./board-projection.ts";

/** Tells whoever shows the board live that a room's row changed. */
export type BoardChanged = (roomId: string) => void;

/** Keeps the board from the event stream; the only writer of the live board. */
export class BoardProjector {
  constructor(private readonly store: BoardStore, private readonly changed: BoardChanged = () => {}) {}

  async handle(event: DomainEvent): Promise<void> {
    const change = projectEvent(event);
    if (!change) return;
    await this.store.apply(event, change);
    this.changed(change.roomId);
  }
}
