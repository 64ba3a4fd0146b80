import type { Notice, Occurrence } from "./message.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Nights between two calendar days; checkOut is exclusive. */
export const nightsBetween = (checkIn: string, checkOut: string): number =>
  Math.round((Date.parse(`${checkOut}T00:00:00Z`) - Date.parse(`${checkIn}T00:00:00Z`)) / DAY_MS);

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
