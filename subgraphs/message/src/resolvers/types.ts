import type { MessageReads } from "../application/queries.ts";

export interface MessageApp {
  reads: MessageReads;
}
