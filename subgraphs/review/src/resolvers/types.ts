import type { RequestContext } from "@airbnb/service";
import type { ReviewCommands } from "../application/commands.ts";
import type { ReviewReads } from "../application/queries.ts";

export interface ReviewApp {
  commands: ReviewCommands;
  reads: ReviewReads;
}

export type Resolver<Args, Parent = unknown> = (parent: Parent, args: Args, context: RequestContext) => unknown;

/** A Room as the gateway hands it to this subgraph: its key. */
export interface RoomKey {
  id: string;
}
