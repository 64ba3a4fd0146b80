import type { RequestContext } from "@airbnb/service";
import type { MileageReads } from "../application/queries.ts";

export interface MileageApp {
  reads: MileageReads;
}

export type Resolver<Args, Parent = unknown> = (parent: Parent, args: Args, context: RequestContext) => unknown;
