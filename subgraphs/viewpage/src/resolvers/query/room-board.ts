import { presentEntry } from "../presenter.ts";
import type { BoardApp, Resolver } from "../types.ts";

export const roomBoard = (app: BoardApp): Resolver<{ first?: number | null; after?: string | null }> => async (_, { first, after }) =>
  (await app.reads.board(first, after)).map(presentEntry);
