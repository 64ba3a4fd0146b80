import { describe, expect, it } from "vitest";
import { currentRoom } from "../../src/application/current-room.ts";
import type { BookableRoom } from "../../src/domain/reservation.ts";
import { InMemoryReplicas, InMemoryRoomDirectory } from "./in-memory-world.ts";

const room: BookableRoom = { id: "r1", hostId: "h1", pricePerNight: 1_000, capacity: 2, status: "LISTED", version: 3 };

describe("the room a booking goes by", () => {
  it("is the room context's, written into the replica when newer", async () => {
    const directory = new InMemoryRoomDirectory();
    const replicas = new InMemoryReplicas();
    replicas.rooms.set("r1", { ...room, pricePerNight: 500, version: 2 });
    directory.rooms.set("r1", room);
    const lookup = currentRoom(directory, replicas, (id) => replicas.find(id));
    expect(await lookup("r1")).toEqual(room);
    expect(replicas.rooms.get("r1")).toEqual(room);
    expect(await lookup("unknown")).toBeNull();
  });

  it("is the replica's last version while the room context cannot answer", async () => {
    const directory = new InMemoryRoomDirectory();
    const replicas = new InMemoryReplicas();
    replicas.rooms.set("r1", { ...room, pricePerNight: 500, version: 2 });
    directory.rooms.set("r1", room);
    directory.down = true;
    expect(await currentRoom(directory, replicas, (id) => replicas.find(id))("r1")).toMatchObject({ pricePerNight: 500, version: 2 });
  });
});
