import { presentReview } from "../presenter.ts";
import type { Resolver, ReviewApp } from "../types.ts";

export const writeReview = (app: ReviewApp): Resolver<{ input: unknown }> => async (_, { input }, ctx) =>
  presentReview(await app.commands.write(ctx, input));
