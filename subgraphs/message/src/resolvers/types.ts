import type { RequestContext } from "@airbnb/service";
import type { MessageReads } from "../application/queries.ts";

export interface MessageApp {
  reads: MessageReads;
}

export type Resolver<Args, Parent = unknown> = (parent: Parent, args: Args, context: RequestContext) => unknown;
