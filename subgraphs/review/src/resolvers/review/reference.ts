import { loaderFor, type RequestContext } from "@airbnb/service";
import { presentReview } from "../presenter.ts";
import type { ReviewApp } from "../types.ts";

/** Reviews the gateway asks for by key, batched into one query per request. */
export const resolveReviewReference = (app: ReviewApp) => async ({ id }: { id: string }, ctx: RequestContext) => {
  const review = await loaderFor(ctx, "reviews", (ids) => app.reads.byIds(ids), (r) => r.id).load(id);
  return review && presentReview(review);
};
