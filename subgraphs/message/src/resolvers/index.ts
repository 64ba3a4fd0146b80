import type { SubgraphParts } from "@airbnb/service";
import { myMessages } from "./query/my-messages.ts";
import type { MessageApp } from "./types.ts";

export const messageResolvers = (app: MessageApp) =>
  ({
    Query: { myMessages: myMessages(app) },
  }) as SubgraphParts["resolvers"];
