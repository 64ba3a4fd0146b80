import { presentMessage } from "../presenter.ts";
import type { MessageApp, Resolver } from "../types.ts";

export const myMessages = (app: MessageApp): Resolver<{ first?: number | null }> => async (_, { first }, ctx) =>
  (await app.reads.myMessages(ctx.identity, first)).map(presentMessage);
