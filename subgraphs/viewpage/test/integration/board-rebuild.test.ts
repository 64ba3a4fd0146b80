import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "@airbnb/config";
import { connectDatabase, type Database } from "@airbnb/db";
import { subjectOf, type DomainEvent } from "@airbnb/events";
import { consumerCaughtUp, EventBus } from "@airbnb/nats";
import { startTestSubgraph, waitFor, type TestSubgraph } from "@airbnb/testkit";
import { projectEvent } from "../../src/application/board-projection.ts";
import { foldBoard, type BoardChange, type RoomBoardEntry } from "../../src/domain/room-board.ts";
import { rebuildBoard, RebuildRefused } from "../../src/infrastructure/board-rebuild.ts";
import { viewpageSubgraph } from "../../src/subgraph.ts";
import { roomEvents } from "./board-events.ts";

const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const rebuildCommand = fileURLToPath(new URL("../../src/rebuild.ts", import.meta.url));

let subgraph: TestSubgraph;
let bus: EventBus;
let db: Database;
/** Every event this suite put on the stream, in stream order. */
const published: DomainEvent[] = [];

const publish = async (event: DomainEvent) => {
  await bus.publish(event);
  published.push(event);
};

/** A room's life: registered, renamed, two bookings (one cancelled), a review. */
async function roomLife(name: string) {
  const room = roomEvents();
  const kept = room.booking(300_000);
  const cancelled = room.booking(150_000);
  for (const event of [
    room.registered(name), kept.confirmed, kept.approved, kept.earned, cancelled.confirmed, cancelled.approved,
    cancelled.earned, room.renamed(`${name} (renovated)`, 2), cancelled.cancelled, cancelled.refunded, cancelled.deducted, room.reviewed(4),
  ]) {
    await publish(event);
  }
}

const caughtUp = () => waitFor(() => consumerCaughtUp(bus, "viewpage"), { what: "the live board to catch up" });
const boardRows = () => db.query<RoomBoardEntry>`SELECT * FROM room_board ORDER BY room_id ASC`;
/** The board the published events make, folded in stream order, each event once. */
const expectedBoard = () => {
  const once = [...new Map(published.map((event) => [event.id, event])).values()];
  return foldBoard(once.map(projectEvent).filter((c): c is BoardChange => c !== null)).sort((a, b) => a.roomId.localeCompare(b.roomId));
};

beforeAll(async () => {
  subgraph = await startTestSubgraph(viewpageSubgraph, "viewpage-rebuild");
  bus = subgraph.bus;
  db = connectDatabase(databaseUrl("viewpage", subgraph.env), 2);
});

afterAll(async () => {
  await subgraph?.stop();
  await db?.close();
});

describe("rebuilding the board from the stream", () => {
  it("ends, as a command, with the board the live consumer built, repairing a damaged one", async () => {
    for (const name of ["Hanok", "Loft", "Cabin"]) await roomLife(name);
    const duplicate = published.at(-1)!;
    await bus.js.publish(subjectOf(subgraph.env.NATS_SUBJECT_PREFIX!, duplicate.type), JSON.stringify(duplicate), { msgID: randomUUID() });
    await bus.js.publish(`${subgraph.env.NATS_SUBJECT_PREFIX}.room.registered`, new TextEncoder().encode("{not json"));
    await caughtUp();
    const live = await boardRows();
    expect(live).toEqual(expectedBoard());

    const [first, second] = live;
    expect(await db.execute`UPDATE room_board SET review_count = 99, room_name = 'tampered' WHERE room_id = ${first!.roomId}`).toBe(1);
    expect(await db.execute`DELETE FROM room_board WHERE room_id = ${second!.roomId}`).toBe(1);

    const { stdout } = await promisify(execFile)(process.execPath, [tsx, rebuildCommand], { env: subgraph.env });
    expect(stdout).toContain(`${published.length + 1} events replayed (1 unreadable skipped), ${published.length} applied, 3 rows`);
    expect(await boardRows()).toEqual(live);
  });

  it("loses and doubles nothing while live events keep arriving", async () => {
    const arriving = (async () => {
      for (const name of ["Studio", "Villa", "Attic", "Barn"]) await roomLife(name);
    })();
    const report = await rebuildBoard(db, bus);
    await arriving;
    await caughtUp();
    expect(report.rows).toBeGreaterThanOrEqual(3);
    expect(await boardRows()).toEqual(expectedBoard());
    // And a rebuild at rest changes nothing.
    await rebuildBoard(db, bus);
    expect(await boardRows()).toEqual(expectedBoard());
  });

  // Last: it deletes messages from the suite's stream.
  it("refuses, as a command, to swap in a board short of events the stream lost, unless forced", async () => {
    const lastSeq = async () => (await bus.jsm.streams.info(bus.names.stream)).state.last_seq;
    const before = await lastSeq();
    await roomLife("Lost Hanok");
    const after = await lastSeq();
    await caughtUp();
    const live = await boardRows();
    expect(live).toEqual(expectedBoard());
    // The stream loses the room's whole life after the live board applied it.
    for (let seq = before + 1; seq <= after; seq++) await bus.jsm.streams.deleteMessage(bus.names.stream, seq);
    const lost = after - before;

    const run = promisify(execFile)(process.execPath, [tsx, rebuildCommand], { env: subgraph.env });
    const refusal = await run.then(() => null, (error: { code: number; stderr: string; stdout: string }) => error);
    expect(refusal?.code).toBe(1);
    expect(refusal?.stdout).toBe("");
    const lines = refusal!.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^viewpage rebuild refused: the live board holds ${lost} events the stream no longer has .*npm run outbox:republish -- .* --since .*--force`));
    await expect(rebuildBoard(db, bus)).rejects.toBeInstanceOf(RebuildRefused);
    expect(await boardRows()).toEqual(live);

    const report = await rebuildBoard(db, bus, { force: true });
    expect(report.lost).toBe(lost);
    const gone = published.slice(-lost).map((event) => event.id);
    const survivors = live.filter((row) => row.roomName !== "Lost Hanok (renovated)");
    expect(survivors).toHaveLength(live.length - 1);
    expect(await boardRows()).toEqual(survivors);
    // The inbox forgets them with the board, so that republishing them brings them back.
    expect(await db.query`SELECT 1 FROM inbox WHERE event_id = ANY(${gone}::uuid[])`).toHaveLength(0);
    await expect(rebuildBoard(db, bus)).resolves.toMatchObject({ lost: 0 });
  });
});
