import type { PresentedReview } from "../presenter.ts";

/** The room is the room context's entity: a reference is all this subgraph gives. */
export const reviewRoom = (review: PresentedReview) => ({ __typename: "Room" as const, id: review.roomId });
