import type { RequestContext } from "@airbnb/service";
import type { RoomCommands } from "../application/commands.ts";
import type { RoomReads } from "../application/queries.ts";

export interface RoomApp {
  commands: RoomCommands;
  reads: RoomReads;
}

export type Resolver<Args, Parent = unknown> = (parent: Parent, args: Args, context: RequestContext) => unknown;
