import type { MileageAccount } from "../../application/queries.ts";
import { presentEntry } from "../presenter.ts";
import type { MileageApp, Resolver } from "../types.ts";

export const accountEntries = (app: MileageApp): Resolver<{ first?: number | null }, MileageAccount> => async (account, { first }) =>
  (await app.reads.entries(account, first)).map(presentEntry);
