import type { RoomCommands } from "../application/commands.ts";
import type { RoomReads } from "../application/queries.ts";

export interface RoomApp {
  commands: RoomCommands;
  reads: RoomReads;
}
