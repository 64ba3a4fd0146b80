import type { MessageResolvers } from "../../generated/graphql.ts";
import type { MessageApp } from "../types.ts";

/** The router resolves what messageReceived pushes here: only the recipient gets it. */
export const resolveMessageReference = (app: MessageApp): MessageResolvers["__resolveReference"] => ({ id }, ctx) =>
  app.reads.message(ctx.identity, id);
