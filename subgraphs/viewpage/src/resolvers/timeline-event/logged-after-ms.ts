import type { TimelineEventResolvers } from "../../generated/graphql.ts";

export const eventLoggedAfterMs: TimelineEventResolvers["loggedAfterMs"] = (entry) => entry.recordedAt.getTime() - entry.occurredAt.getTime();
