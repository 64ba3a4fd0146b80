import { handleOnce } from "@airbnb/db";
import type { DomainEvent } from "@airbnb/events";
import type { StayLedger } from "../application/ports.ts";
import type { StayChange } from "../domain/stay.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";
import { fromDay } from "./rows.ts";

export class PrismaStayLedger implements StayLedger {
  constructor(private readonly db: PrismaClient) {}

  async record(event: DomainEvent, change: StayChange): Promise<void> {
    const { stay } = change;
    const row = { ...stay, checkIn: fromDay(stay.checkIn), checkOut: fromDay(stay.checkOut) };
    // The stay ledger publishes nothing: no relay to kick.
    await handleOnce(this.db, undefined, "review", event, async (tx) => {
      switch (change.type) {
        case "StayConfirmed":
          // A stay already known (even as CANCELLED, which is final) stays as it is.
          await tx.stay.createMany({ data: [row], skipDuplicates: true });
          return;
        case "StayCancelled":
          await tx.stay.upsert({ where: { reservationId: stay.reservationId }, create: row, update: { status: "CANCELLED" } });
          return;
        default: {
          const unknown: never = change;
          throw new Error(`unhandled stay change ${JSON.stringify(unknown)}`);
        }
      }
    });
  }
}
