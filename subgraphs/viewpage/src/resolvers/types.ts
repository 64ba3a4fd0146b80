import type { RequestContext } from "@airbnb/service";
import type { BoardReads } from "../application/queries.ts";

export interface BoardApp {
  reads: BoardReads;
}

export type Resolver<Args, Parent = unknown> = (parent: Parent, args: Args, context: RequestContext) => unknown;

/** A Room as the gateway hands it to this subgraph: its key. */
export interface RoomKey {
  id: string;
}
