import { describe, expect, it } from "vitest";
import { noticeFilter, noticeSubject, parseNotice } from "../src/index.ts";

describe("board notices", () => {
  it("go on a subject per room that the filter takes, and read back typed", () => {
    expect(noticeSubject("BoardRowChanged", { roomId: "room-1" })).toBe("board.room-1");
    expect(noticeFilter("BoardRowChanged")).toBe("board.*");
    expect(parseNotice("BoardRowChanged", JSON.stringify({ roomId: "room-1" }))).toEqual({ roomId: "room-1" });
  });

  it("drop what is not a notice", () => {
    expect(parseNotice("BoardRowChanged", "{nope")).toBeNull();
    expect(parseNotice("BoardRowChanged", JSON.stringify({ room: "room-1" }))).toBeNull();
  });
});
