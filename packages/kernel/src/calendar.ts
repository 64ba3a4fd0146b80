const DAY_MS = 86_400_000;

/** Nights between two calendar days (YYYY-MM-DD, already valid); checkOut is exclusive. */
export const nightsBetween = (checkIn: string, checkOut: string): number =>
  Math.round((Date.parse(`${checkOut}T00:00:00Z`) - Date.parse(`${checkIn}T00:00:00Z`)) / DAY_MS);
