import type { MileageAccount } from "../../application/queries.ts";
import { presentEntry } from "../presenter.ts";
import type { MileageApp, Resolver } from "../types.ts";

export const accountEntries = (app: MileageApp): Resolver<{ first?: number | null; after?: string | null }, MileageAccount> => async (account, page) =>
  (await app.reads.entries(account, page)).map(presentEntry);
