import type { ReviewResolvers } from "../../generated/graphql.ts";

/** The room is the room context's entity: its key is all this subgraph gives. */
export const reviewRoom: ReviewResolvers["room"] = (review) => ({ id: review.roomId });
