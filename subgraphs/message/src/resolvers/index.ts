import { DateTime } from "@airbnb/service";
import type { Resolvers } from "../generated/graphql.ts";
import { resolveMessageReference } from "./message/reference.ts";
import { message } from "./query/message.ts";
import { myMessages } from "./query/my-messages.ts";
import type { MessageApp } from "./types.ts";

export const messageResolvers = (app: MessageApp): Resolvers => ({
  DateTime,
  Query: { myMessages: myMessages(app), message: message(app) },
  Message: { __resolveReference: resolveMessageReference(app) },
});
