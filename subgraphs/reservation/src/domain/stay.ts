import { badInput, nightsBetween } from "@airbnb/kernel";

const MAX_NIGHTS = 365;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Calendar nights [checkIn, checkOut): checkOut is the morning the guest leaves. */
export interface Stay {
  checkIn: string;
  checkOut: string;
  nights: number;
}

function toDay(field: string, value: string): number {
  const time = ISO_DAY.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw badInput(field, `${field} must be a calendar day as YYYY-MM-DD`);
  }
  return time;
}

/** Nights that end after they start and last at most a year. */
export function nightsOf(checkIn: string, checkOut: string): Stay {
  const start = toDay("checkIn", checkIn);
  const end = toDay("checkOut", checkOut);
  if (end <= start) throw badInput("checkOut", "checkOut must be after checkIn");
  const nights = nightsBetween(checkIn, checkOut);
  if (nights > MAX_NIGHTS) throw badInput("checkOut", `a stay lasts at most ${MAX_NIGHTS} nights`);
  return { checkIn, checkOut, nights };
}

/** A stay one can book: valid nights that start today (UTC) or later. */
export function bookableStay(checkIn: string, checkOut: string, today: string): Stay {
  const stay = nightsOf(checkIn, checkOut);
  if (checkIn < today) throw badInput("checkIn", "checkIn must not be in the past");
  return stay;
}

export const todayUtc = (now: Date) => now.toISOString().slice(0, 10);

/** A stay has begun once its check-in day is today or earlier (UTC calendar days compare as text). */
export const hasBegun = (stay: Pick<Stay, "checkIn">, today: string): boolean => stay.checkIn <= today;
