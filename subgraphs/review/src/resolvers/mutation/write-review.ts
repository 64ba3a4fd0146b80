import type { MutationResolvers } from "../../generated/graphql.ts";
import type { ReviewApp } from "../types.ts";

export const writeReview = (app: ReviewApp): MutationResolvers["writeReview"] => (_, { input }, ctx) => app.commands.write(ctx, input);
