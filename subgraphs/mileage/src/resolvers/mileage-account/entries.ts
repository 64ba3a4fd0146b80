import type { MileageAccountResolvers } from "../../generated/graphql.ts";
import type { MileageApp } from "../types.ts";

export const accountEntries = (app: MileageApp): MileageAccountResolvers["entries"] => (account, page) => app.reads.entries(account, page);
