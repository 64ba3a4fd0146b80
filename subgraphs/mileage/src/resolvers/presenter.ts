import type { MileageEntry } from "../domain/mileage.ts";

/** The MileageEntry as the schema shows it. */
export const presentEntry = (entry: MileageEntry) => ({
  id: entry.id,
  guestId: entry.guestId,
  reservationId: entry.reservationId,
  points: entry.points,
  kind: entry.kind,
  createdAt: entry.createdAt.toISOString(),
});
