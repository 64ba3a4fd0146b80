import type { RequestContext, SubgraphParts } from "@airbnb/service";
import { message } from "./query/message.ts";
import { myMessages } from "./query/my-messages.ts";
import type { MessageApp } from "./types.ts";

export const messageResolvers = (app: MessageApp) =>
  ({
    Query: { myMessages: myMessages(app), message: message(app) },
    Message: {
      __resolveReference: ({ id }: { id: string }, ctx: RequestContext) => message(app)(undefined, { id }, ctx),
    },
  }) as SubgraphParts["resolvers"];
