import { presentMessage } from "../presenter.ts";
import type { MessageApp, Resolver } from "../types.ts";

export const myMessages = (app: MessageApp): Resolver<{ first?: number | null; after?: string | null }> => async (_, page, ctx) =>
  (await app.reads.myMessages(ctx.identity, page)).map(presentMessage);
