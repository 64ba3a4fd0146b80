import type { MileageApp, Resolver } from "../types.ts";

export const myMileage = (app: MileageApp): Resolver<Record<string, never>> => (_, __, ctx) => app.reads.myAccount(ctx.identity);
