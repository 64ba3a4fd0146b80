import { pageItems, pageOf, requireSignedIn, type Identity } from "@airbnb/kernel";
import type { MileageEntry } from "../domain/mileage.ts";
import type { MileageQueries } from "./ports.ts";

export interface MileageAccount {
  guestId: string;
  balance: number;
}

/** Reads of the ledger: a guest's own account, and the entries of reservations others already resolved. */
export class MileageReads {
  constructor(private readonly store: MileageQueries) {}

  async myAccount(identity: Identity | null): Promise<MileageAccount> {
    const { userId } = requireSignedIn(identity);
    return { guestId: userId, balance: await this.store.balanceOf(userId) };
  }

  async entries(account: MileageAccount, page: { first?: number | null; after?: string | null }): Promise<MileageEntry[]> {
    return pageItems(await this.store.entriesOf(account.guestId, pageOf("MileageAccount.entries", page, 50)));
  }

  /** Grouped per reservation id, for batched entity resolution. */
  async byReservations(reservationIds: readonly string[]): Promise<Array<{ reservationId: string; entries: MileageEntry[] }>> {
    const grouped = new Map(reservationIds.map((id) => [id, [] as MileageEntry[]]));
    for (const entry of await this.store.entriesOfReservations(reservationIds)) grouped.get(entry.reservationId)?.push(entry);
    return [...grouped].map(([reservationId, entries]) => ({ reservationId, entries }));
  }
}
