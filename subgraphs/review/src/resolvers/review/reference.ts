import { loaderFor } from "@airbnb/service";
import type { ReviewResolvers } from "../../generated/graphql.ts";
import type { ReviewApp } from "../types.ts";

/** Reviews the gateway asks for by key, batched into one query per request. */
export const resolveReviewReference = (app: ReviewApp): ReviewResolvers["__resolveReference"] => ({ id }, ctx) =>
  loaderFor(ctx, "reviews", (ids) => app.reads.byIds(ids), (r) => r.id).load(id);
