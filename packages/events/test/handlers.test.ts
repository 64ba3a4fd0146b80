import { describe, expect, it } from "vitest";
import { combineHandlers, createEvent, dispatch, eventCatalog, everyType, ignore, orderingKeyOf, parseEvent, type DeliveredBy, type DomainEvent, type EventHandlers, type EventType } from "../src/index.ts";
import { testSources } from "@airbnb/testkit/use-case-spec";

// What a filter delivers, checked by `npm run typecheck`.
const payments: Array<DeliveredBy<"payment.>">> = ["PaymentApproved", "PaymentDeclined", "PaymentRefunded"];
// @ts-expect-error a room event is not under "payment.>"
const notPayment: DeliveredBy<"payment.>"> = "RoomDeleted";
const deletions: Array<DeliveredBy<"*.deleted">> = ["RoomDeleted"];
// @ts-expect-error "*" is one token: "room.*" takes room.modified but "*.deleted" does not
const notDeleted: DeliveredBy<"*.deleted"> = "RoomModified";
// @ts-expect-error a filter that matches no subject delivers nothing
const nothing: DeliveredBy<"elsewhere.>"> = "RoomDeleted";
const everything: Array<DeliveredBy<">">> = Object.keys(eventCatalog) as EventType[];

const sources = testSources();
const origin = { correlationId: "res-1", causationId: "req-1" };
const approved = createEvent("PaymentApproved", { paymentId: "p1", reservationId: "res-1", roomId: "room-1", guestId: "g1", amount: 1000 }, origin, sources);
const declined = createEvent("PaymentDeclined", { paymentId: "p2", reservationId: "res-2", roomId: "room-1", guestId: "g1", reason: "no" }, origin, sources);

describe("event handlers", () => {
  it("derive from the catalog's subjects what a filter delivers", () => {
    expect([payments, deletions, everything.length]).toEqual([["PaymentApproved", "PaymentDeclined", "PaymentRefunded"], ["RoomDeleted"], 13]);
    expect([notPayment, notDeleted, nothing]).toHaveLength(3);
  });

  it("run the handler of the event's type, skip the ignored ones and refuse an unnamed type", async () => {
    const seen: DomainEvent[] = [];
    const handlers: EventHandlers<DeliveredBy<"payment.>">> = {
      PaymentApproved: async (event) => void seen.push(event),
      PaymentDeclined: ignore,
      PaymentRefunded: async (event) => void seen.push(event),
    };
    await dispatch(handlers, approved);
    await dispatch(handlers, declined);
    expect(seen).toEqual([approved]);
    const registered = createEvent("RoomDeleted", { roomId: "room-1", hostId: "h1", version: 2 }, origin, sources);
    await expect(dispatch(handlers, registered)).rejects.toThrow("no handler for RoomDeleted");
  });

  it("order each event by the key its catalog entry names", () => {
    expect(orderingKeyOf(approved)).toBe("res-1");
    expect(orderingKeyOf(createEvent("RoomDeleted", { roomId: "room-1", hostId: "h1", version: 2 }, origin, sources))).toBe("room-1");
    const sent = createEvent("MessageSent", { messageId: "m1", recipientId: "g1", kind: "MILEAGE_EARNED", reservationId: "res-1", roomId: "room-1" }, origin, sources);
    expect(orderingKeyOf(sent)).toBe("g1");
  });

  it("read deducted points as the positive number taken back, also from events that carried them negative", () => {
    const data = { entryId: "e1", guestId: "g1", reservationId: "res-1", roomId: "room-1" };
    for (const points of [700, -700]) {
      const parsed = parseEvent(JSON.stringify(createEvent("MileageDeducted", { ...data, points }, origin, sources)));
      expect(parsed.ok && parsed.event.type === "MileageDeducted" && parsed.event.data.points).toBe(700);
    }
  });
});

describe("combined handlers", () => {
  it("run each table's handler of a type, and ignore a type every table ignores", async () => {
    const seen: string[] = [];
    const first: EventHandlers<DeliveredBy<"payment.>">> = { PaymentApproved: async () => void seen.push("first"), PaymentDeclined: ignore, PaymentRefunded: ignore };
    const second: EventHandlers<DeliveredBy<"payment.>">> = { PaymentApproved: async () => void seen.push("second"), PaymentDeclined: ignore, PaymentRefunded: async () => void seen.push("refund") };
    const both = combineHandlers(first, second);
    await dispatch(both, approved);
    expect(seen).toEqual(["first", "second"]);
    expect(both.PaymentDeclined).toBe(ignore);
    expect(Object.keys(everyType(async () => undefined))).toEqual(Object.keys(eventCatalog));
  });
});
