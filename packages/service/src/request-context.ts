import type { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import type { Identity } from "@airbnb/identity";
import type { Logger } from "@airbnb/observability";

/** What every resolver of every subgraph receives. */
export interface RequestContext {
  identity: Identity | null;
  requestId: string;
  logger: Logger;
}

export const REQUEST_ID_HEADER = "x-request-id";

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === "string" && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
}
