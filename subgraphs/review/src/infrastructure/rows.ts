import type { Review } from "../domain/review.ts";
import type { Stay } from "../domain/stay.ts";
import type { Review as ReviewRow, Stay as StayRow } from "./generated/prisma/client.ts";

/** Calendar days travel as YYYY-MM-DD; Postgres `date` columns come back as midnight UTC. */
export const toDay = (date: Date) => date.toISOString().slice(0, 10);
export const fromDay = (day: string) => new Date(`${day}T00:00:00.000Z`);

export const toStay = (row: StayRow): Stay => ({ ...row, checkIn: toDay(row.checkIn), checkOut: toDay(row.checkOut) });
export const toReview = (row: ReviewRow): Review => ({ ...row });
