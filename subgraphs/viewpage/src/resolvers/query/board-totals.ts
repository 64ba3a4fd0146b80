import type { BoardApp, Resolver } from "../types.ts";

export const boardTotals = (app: BoardApp): Resolver<unknown> => () => app.reads.totals();
