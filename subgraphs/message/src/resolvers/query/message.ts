import { presentMessage } from "../presenter.ts";
import type { MessageApp, Resolver } from "../types.ts";

export const message = (app: MessageApp): Resolver<{ id: string }> => async (_, { id }, ctx) => {
  const found = await app.reads.message(ctx.identity, id);
  return found && presentMessage(found);
};
