import { nightsBetween } from "@airbnb/kernel";
import type { Notice, Occurrence } from "./message.ts";

const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** A room is named once its name is known; a message never waits for it. */
export const roomLabel = (roomName: string | null) => roomName ?? "your room";

const stay = (checkIn: string, checkOut: string) => `${checkIn} to ${checkOut} (${count(nightsBetween(checkIn, checkOut), "night")})`;

/** Who is told what about an occurrence. */
export function compose(occurrence: Occurrence, roomName: string | null): Notice[] {
  const room = roomLabel(roomName);
  switch (occurrence.kind) {
    case "RESERVATION_CONFIRMED": {
      const dates = stay(occurrence.checkIn, occurrence.checkOut);
      return [
        { recipientId: occurrence.guestId, text: `Your stay at ${room}, ${dates}, is confirmed.` },
        { recipientId: occurrence.hostId, text: `Guest booked ${room} for ${dates}.` },
      ];
    }
    case "RESERVATION_CANCELLED": {
      const dates = stay(occurrence.checkIn, occurrence.checkOut);
      if (occurrence.cancelledBy === "HOST") {
        return [
          { recipientId: occurrence.guestId, text: `Your stay at ${room}, ${dates}, is cancelled: the host delisted the room. You are refunded in full.` },
          { recipientId: occurrence.hostId, text: `Delisting ${room} cancelled a guest's stay, ${dates}.` },
        ];
      }
      return [
        { recipientId: occurrence.guestId, text: `Your stay at ${room}, ${dates}, is cancelled.` },
        { recipientId: occurrence.hostId, text: `Guest cancelled their stay at ${room}, ${dates}.` },
      ];
    }
    case "MILEAGE_EARNED":
      return [{ recipientId: occurrence.guestId, text: `You earned ${count(occurrence.points, "point")} for your stay at ${room}.` }];
    case "MILEAGE_DEDUCTED":
      return [{ recipientId: occurrence.guestId, text: `We deducted ${count(occurrence.points, "point")} earned for your stay at ${room}.` }];
    default: {
      const unknown: never = occurrence;
      throw new Error(`unhandled occurrence ${JSON.stringify(unknown)}`);
    }
  }
}
