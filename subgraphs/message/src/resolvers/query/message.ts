import type { QueryResolvers } from "../../generated/graphql.ts";
import type { MessageApp } from "../types.ts";

export const message = (app: MessageApp): QueryResolvers["message"] => (_, { id }, ctx) => app.reads.message(ctx.identity, id);
