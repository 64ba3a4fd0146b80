import { presentEntry } from "../presenter.ts";
import type { BoardApp, Resolver } from "../types.ts";

export const roomBoard = (app: BoardApp): Resolver<{ first?: number | null }> => async (_, { first }) =>
  (await app.reads.board(first)).map(presentEntry);
