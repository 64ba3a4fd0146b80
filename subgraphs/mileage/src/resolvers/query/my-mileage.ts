import type { QueryResolvers } from "../../generated/graphql.ts";
import type { MileageApp } from "../types.ts";

export const myMileage = (app: MileageApp): QueryResolvers["myMileage"] => (_, __, ctx) => app.reads.myAccount(ctx.identity);
