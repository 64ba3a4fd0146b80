import type { ReviewCommands } from "../application/commands.ts";
import type { ReviewReads } from "../application/queries.ts";

export interface ReviewApp {
  commands: ReviewCommands;
  reads: ReviewReads;
}
