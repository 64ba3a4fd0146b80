import type { QueryResolvers } from "../../generated/graphql.ts";
import type { BoardApp } from "../types.ts";

export const roomBoard = (app: BoardApp): QueryResolvers["roomBoard"] => (_, { first, after }) => app.reads.board(first, after);
