import type { QueryResolvers } from "../../generated/graphql.ts";
import type { BoardApp } from "../types.ts";

export const boardTotals = (app: BoardApp): QueryResolvers["boardTotals"] => () => app.reads.totals();
