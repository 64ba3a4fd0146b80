import { describe, expect, it } from "vitest";
import type { Identity } from "@airbnb/kernel";
import { minted, past, specification, testId, TEST_NOW, type TestSources } from "@airbnb/testkit/use-case-spec";
import { RoomCommands } from "../../src/application/commands.ts";
import { InMemoryRooms } from "./in-memory-rooms.ts";

const host: Identity = { userId: "host-1", roles: ["host"] };
const otherHost: Identity = { userId: "host-2", roles: ["host"] };
const ctx = (identity: Identity | null = host) => ({ identity, requestId: "req-1" });
const details = { name: "Hanok", description: "Quiet", city: "Seoul", pricePerNight: 100_000, capacity: 2 };
const roomId = testId(1, "e");
const registered = past(1, "RoomRegistered", { roomId, hostId: host.userId, version: 1, ...details }, { correlationId: roomId, causationId: "req-0" });
const deleted = past(2, "RoomDeleted", { roomId, hostId: host.userId, version: 2 }, { correlationId: roomId, causationId: "req-0" });
const inRoom = { correlationId: roomId, causationId: "req-1" };

class RoomWorld {
  readonly store = new InMemoryRooms();
  readonly commands: RoomCommands;
  constructor(sources: TestSources) {
    this.commands = new RoomCommands(this.store, sources);
  }
  get published() {
    return this.store.published;
  }
}

const spec = specification({ world: (sources) => new RoomWorld(sources), given: (world, event) => world.store.given(event) });

describe("registerRoom", () => {
  it("lists the host's room at version 1 and announces it", () =>
    spec.given().when((w) => w.commands.register(ctx(), details)).then(
      [minted(2, "RoomRegistered", { roomId: testId(1), hostId: host.userId, version: 1, ...details }, { correlationId: testId(1), causationId: "req-1" })],
      (room, w) => {
        expect(room).toEqual({ id: testId(1), hostId: host.userId, ...details, status: "LISTED", version: 1, createdAt: new Date(TEST_NOW), updatedAt: new Date(TEST_NOW) });
        expect(w.store.rooms.get(testId(1))).toEqual(room);
      },
    ));

  it("is a host's command", () => spec.given().when((w) => w.commands.register(ctx({ userId: "g", roles: ["guest"] }), details)).thenFails("FORBIDDEN"));

  it("refuses input the API's rules refuse, naming the field", () =>
    spec.given().when((w) => w.commands.register(ctx(), { ...details, capacity: 0 })).thenFails("BAD_USER_INPUT", [], (error) => expect(error.details.field).toBe("capacity")));
});

describe("modifyRoom", () => {
  it("announces only the fields that change, at the next version", () =>
    spec.given(registered).when((w) => w.commands.modify(ctx(), roomId, { name: "Hanok", pricePerNight: 120_000 })).then(
      [minted(1, "RoomModified", { roomId, hostId: host.userId, version: 2, pricePerNight: 120_000 }, inRoom)],
      (room) => expect(room).toMatchObject({ ...details, pricePerNight: 120_000, version: 2, updatedAt: new Date(TEST_NOW) }),
    ));

  it("decides again on the room another change left when it lost the race", () =>
    spec
      .given(registered)
      .when((w) => {
        w.store.interleave = () => w.commands.modify({ identity: host, requestId: "req-2" }, roomId, { city: "Busan" });
        return w.commands.modify(ctx(), roomId, { pricePerNight: 120_000 });
      })
      .then(
        [
          // The first attempt's event (id 1) was decided on version 1 and never saved.
          minted(2, "RoomModified", { roomId, hostId: host.userId, version: 2, city: "Busan" }, { correlationId: roomId, causationId: "req-2" }),
          minted(3, "RoomModified", { roomId, hostId: host.userId, version: 3, pricePerNight: 120_000 }, inRoom),
        ],
        (room) => expect(room).toMatchObject({ city: "Busan", pricePerNight: 120_000, version: 3 }),
      ));

  it("is the room's host's alone", () => spec.given(registered).when((w) => w.commands.modify(ctx(otherHost), roomId, { name: "Mine" })).thenFails("FORBIDDEN"));

  it("finds no deleted room, and no room by an id that is not one", async () => {
    await spec.given(registered, deleted).when((w) => w.commands.modify(ctx(), roomId, { name: "Back" })).thenFails("NOT_FOUND");
    await spec.given().when((w) => w.commands.modify(ctx(), "room-1", { name: "x" })).thenFails("NOT_FOUND");
  });

  it("needs a field to change", () =>
    spec.given(registered).when((w) => w.commands.modify(ctx(), roomId, {})).thenFails("BAD_USER_INPUT"));
});

describe("deleteRoom", () => {
  it("delists the room and announces it with its keys", () =>
    spec.given(registered).when((w) => w.commands.delete(ctx(), roomId)).then(
      [minted(1, "RoomDeleted", { roomId, hostId: host.userId, version: 2 }, inRoom)],
      (room, w) => {
        expect(room.status).toBe("DELISTED");
        expect(w.store.rooms.get(roomId)).toEqual(room);
      },
    ));

  it("is the room's host's alone, and once", async () => {
    await spec.given(registered).when((w) => w.commands.delete(ctx(otherHost), roomId)).thenFails("FORBIDDEN");
    await spec.given(registered, deleted).when((w) => w.commands.delete(ctx(), roomId)).thenFails("NOT_FOUND");
  });
});
