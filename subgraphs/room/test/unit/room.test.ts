import { describe, expect, it } from "vitest";
import { DomainError } from "@airbnb/kernel";
import { deleteRoom, modifyRoom, registerRoom } from "../../src/domain/room.ts";

const now = new Date("2026-11-25T09:00:00Z");
const details = { name: "Hanok", description: "Quiet", city: "Seoul", pricePerNight: 100_000, capacity: 2 };

describe("room aggregate", () => {
  it("registers a LISTED room at version 1", () => {
    const { room } = registerRoom("r1", "h1", details, now);
    expect(room).toMatchObject({ status: "LISTED", version: 1, hostId: "h1", ...details });
  });

  it("records only the fields that really change and bumps the version", () => {
    const { room } = registerRoom("r1", "h1", details, now);
    const change = modifyRoom(room, "h1", { name: "Hanok", pricePerNight: 120_000 }, now);
    expect(change.changed).toEqual({ pricePerNight: 120_000 });
    expect(change.room.version).toBe(2);
  });

  it("lets only the owner change a room", () => {
    const { room } = registerRoom("r1", "h1", details, now);
    expect(() => modifyRoom(room, "h2", { name: "x" }, now)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => deleteRoom(room, "h2", now)).toThrow(DomainError);
  });

  it("treats a deleted room as gone", () => {
    const { room } = deleteRoom(registerRoom("r1", "h1", details, now).room, "h1", now);
    expect(room.status).toBe("DELISTED");
    expect(() => modifyRoom(room, "h1", { name: "x" }, now)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });
});
