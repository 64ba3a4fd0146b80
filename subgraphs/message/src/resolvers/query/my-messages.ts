import type { QueryResolvers } from "../../generated/graphql.ts";
import type { MessageApp } from "../types.ts";

export const myMessages = (app: MessageApp): QueryResolvers["myMessages"] => (_, page, ctx) => app.reads.myMessages(ctx.identity, page);
