import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl, systemSources } from "@airbnb/config";
import { connectDatabase, type Database } from "@airbnb/db";
import { createEvent, subjectOf } from "@airbnb/events";
import { deadLetterStream, EventBus } from "@airbnb/nats";
import { errorCode, startTestSubgraph, waitFor, type TestSubgraph } from "@airbnb/testkit";
import { reviewSubgraph } from "../../src/subgraph.ts";

const sources = systemSources();

const WRITE = `mutation($input: WriteReviewInput!) { writeReview(input: $input) { id roomId guestId rating comment createdAt room { id } } }`;
const ROOM = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Room { id reviews { id rating comment createdAt } reviewCount averageRating } } }`;

let subgraph: TestSubgraph;
let bus: EventBus;
let db: Database;
const published: Array<{ type: string; correlationId: string; data: Record<string, unknown> }> = [];

const guest = (userId = `guest-${randomUUID()}`) => ({ userId, roles: ["guest"] as const });

/** Stays that have begun (check-in in the past) unless told otherwise. */
function stayEvents(roomId: string, guestId: string, checkIn = "2026-01-10", checkOut = "2026-01-12") {
  const keys = { reservationId: randomUUID(), roomId, guestId, hostId: "host-1", checkIn, checkOut, paymentId: randomUUID() };
  const origin = { correlationId: keys.reservationId, causationId: randomUUID() };
  return {
    reservationId: keys.reservationId,
    confirmed: createEvent("ReservationConfirmed", { ...keys, nights: 2, guests: 1, amount: 200_000 }, origin, sources),
    cancelled: createEvent("ReservationCancelled", { ...keys, cancelledBy: "GUEST" as const }, origin, sources),
  };
}

const roomFacts = { hostId: "host-1", version: 1, name: "Hanok", description: "Quiet", city: "Seoul", pricePerNight: 100_000, capacity: 2 };
/** A room the review context has heard of: registered, so reviews of it are not NOT_FOUND. */
async function knownRoom(roomId = randomUUID()): Promise<string> {
  await bus.publish(createEvent("RoomRegistered", { roomId, ...roomFacts }, { correlationId: roomId, causationId: randomUUID() }, sources));
  return roomId;
}

const review = (roomId: string, rating = 5, comment = "Lovely stay") => ({ input: { roomId, rating, comment } });
const reviewsOf = async (roomId: string) => (await subgraph.query(ROOM, { reps: [{ __typename: "Room", id: roomId }] })).data?._entities[0];

beforeAll(async () => {
  subgraph = await startTestSubgraph(reviewSubgraph, "review-int");
  bus = subgraph.bus;
  db = connectDatabase(databaseUrl("review", subgraph.env), 2);
  const sub = bus.nc.subscribe(`${subgraph.env.NATS_SUBJECT_PREFIX}.review.>`);
  void (async () => {
    for await (const msg of sub) published.push(msg.json());
  })();
});

afterAll(async () => {
  await subgraph?.stop();
  await db?.close();
});

describe("review subgraph", () => {
  it("refuses anonymous callers, hosts and bad input with the contract's codes", async () => {
    const roomId = randomUUID();
    expect(errorCode(await subgraph.query(WRITE, review(roomId), null))).toBe("UNAUTHENTICATED");
    expect(errorCode(await subgraph.query(WRITE, review(roomId), { userId: "h", roles: ["host"] }))).toBe("FORBIDDEN");
    for (const [input, field] of [
      [review(roomId, 0), "rating"],
      [review(roomId, 6), "rating"],
      [review(roomId, 5, "   "), "comment"],
      [review(roomId, 5, "x".repeat(2001)), "comment"],
      [review("not-a-room"), "roomId"],
    ] as const) {
      const res = await subgraph.query(WRITE, input, guest());
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
  });

  it("refuses a guest without a confirmed stay in that room", async () => {
    expect(errorCode(await subgraph.query(WRITE, review(await knownRoom()), guest()))).toBe("REVIEW_NOT_ALLOWED");
  });

  it("answers NOT_FOUND for a room never registered, or deleted", async () => {
    const me = guest();
    const unknown = randomUUID();
    await bus.publish(stayEvents(unknown, me.userId).confirmed);
    expect(errorCode(await subgraph.query(WRITE, review(unknown), me))).toBe("NOT_FOUND");
    const deleted = await knownRoom();
    await bus.publish(stayEvents(deleted, me.userId).confirmed);
    await bus.publish(createEvent("RoomDeleted", { roomId: deleted, hostId: "host-1", version: 2 }, { correlationId: deleted, causationId: randomUUID() }, sources));
    await waitFor(async () => (await db.query`SELECT 1 FROM known_rooms WHERE room_id = ${deleted} AND status = 'DELISTED'`).length > 0);
    expect(errorCode(await subgraph.query(WRITE, review(deleted), me))).toBe("NOT_FOUND");
  });

  it("refuses a stay that has not begun, and reviews it once its check-in day has come", async () => {
    const roomId = await knownRoom();
    const me = guest();
    const today = new Date().toISOString().slice(0, 10);
    await bus.publish(stayEvents(roomId, me.userId, "2099-01-01", "2099-01-02").confirmed);
    expect(errorCode(await subgraph.query(WRITE, review(roomId), me))).toBe("REVIEW_NOT_ALLOWED");
    const begun = stayEvents(roomId, me.userId, today, "2099-01-01");
    await bus.publish(begun.confirmed);
    await waitFor(async () => (await db.query`SELECT 1 FROM stays WHERE reservation_id = ${begun.reservationId}`).length > 0);
    expect((await subgraph.query(WRITE, review(roomId), me)).errors).toBeUndefined();
  });

  it("reviews a stay right after its confirmation is published, verbatim, and publishes ReviewWritten", async () => {
    const roomId = await knownRoom();
    const me = guest();
    await bus.publish(stayEvents(roomId, me.userId).confirmed);
    // No waiting for the projection: the command itself must read its writes.
    const res = await subgraph.query(WRITE, review(roomId, 4, "  Quiet,\n clean  "), me);
    expect(res.errors).toBeUndefined();
    const saved = res.data?.writeReview;
    expect(saved).toMatchObject({ roomId, guestId: me.userId, rating: 4, comment: "  Quiet,\n clean  ", room: { id: roomId } });
    const event = await waitFor(() => published.find((e) => e.type === "ReviewWritten" && e.data.reviewId === saved.id));
    expect(event).toMatchObject({ correlationId: roomId, data: { roomId, guestId: me.userId, rating: 4 } });
    expect(await reviewsOf(roomId)).toMatchObject({ reviewCount: 1, averageRating: 4, reviews: [{ id: saved.id, createdAt: saved.createdAt }] });
  });

  it("allows one review per stay: a second needs a second stay", async () => {
    const roomId = await knownRoom();
    const me = guest();
    await bus.publish(stayEvents(roomId, me.userId, "2026-02-01").confirmed);
    await bus.publish(stayEvents(roomId, me.userId, "2026-03-01").confirmed);
    // Two stays' events apply in parallel (keyed by reservation): both must be known before the first review picks the earlier one.
    await waitFor(async () => (await db.query`SELECT 1 FROM stays WHERE room_id = ${roomId}`).length === 2, { what: "both stays recorded" });
    expect((await subgraph.query(WRITE, review(roomId, 5, "first"), me)).errors).toBeUndefined();
    expect((await subgraph.query(WRITE, review(roomId, 2, "second"), me)).errors).toBeUndefined();
    expect(errorCode(await subgraph.query(WRITE, review(roomId, 3, "third"), me))).toBe("REVIEW_NOT_ALLOWED");
    const board = await reviewsOf(roomId);
    expect(board).toMatchObject({ reviewCount: 2, averageRating: 3.5 });
    expect(board.reviews.map((r: { comment: string }) => r.comment)).toEqual(["second", "first"]);
    const stays = await db.query<{ comment: string | null }>`
      SELECT reviews.comment FROM stays LEFT JOIN reviews USING (reservation_id) WHERE stays.room_id = ${roomId} ORDER BY check_in`;
    expect(stays.map((s) => s.comment)).toEqual(["first", "second"]);
  });

  it("refuses a cancelled stay, even when the cancellation is applied first", async () => {
    const roomId = await knownRoom();
    const me = guest();
    const { confirmed, cancelled } = stayEvents(roomId, me.userId);
    await bus.publish(cancelled);
    await bus.publish(confirmed);
    expect(errorCode(await subgraph.query(WRITE, review(roomId), me))).toBe("REVIEW_NOT_ALLOWED");
    expect(await db.query`SELECT * FROM stays WHERE room_id = ${roomId}`).toMatchObject([{ status: "CANCELLED" }]);
  });

  it("turns concurrent double submissions into one review", async () => {
    const roomId = await knownRoom();
    const me = guest();
    await bus.publish(stayEvents(roomId, me.userId).confirmed);
    const results = await Promise.all(Array.from({ length: 5 }, () => subgraph.query(WRITE, review(roomId), me)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => errorCode(r) === "REVIEW_NOT_ALLOWED")).toHaveLength(4);
    expect(await db.query`SELECT count(*) FROM reviews WHERE room_id = ${roomId}`).toEqual([{ count: 1 }]);
    expect(await reviewsOf(roomId)).toMatchObject({ reviewCount: 1, averageRating: 5 });
  });

  it("applies a redelivered event once", async () => {
    const roomId = randomUUID();
    const { confirmed, cancelled } = stayEvents(roomId, guest().userId);
    // A second stream message with the same event (as after the duplicate window): only the inbox can tell.
    const subject = subjectOf(subgraph.env.NATS_SUBJECT_PREFIX!, "ReservationConfirmed");
    await bus.js.publish(subject, JSON.stringify(confirmed), { msgID: randomUUID() });
    await bus.publish(cancelled);
    await bus.js.publish(subject, JSON.stringify(confirmed), { msgID: randomUUID() });
    await waitFor(async () => (await db.query`SELECT 1 FROM stays WHERE room_id = ${roomId} AND status = 'CANCELLED'`).length > 0);
    const applied = () => db.query<{ count: number }>`SELECT count(*) FROM inbox WHERE event_id = ANY(${[confirmed.id, cancelled.id]}::uuid[])`;
    await waitFor(async () => (await applied())[0]!.count === 2);
    expect(await db.query`SELECT count(*) FROM stays WHERE room_id = ${roomId}`).toEqual([{ count: 1 }]);
  });

  it("dead-letters a malformed event without blocking the next one", async () => {
    const roomId = await knownRoom();
    const me = guest();
    await bus.js.publish(subjectOf(subgraph.env.NATS_SUBJECT_PREFIX!, "ReservationConfirmed"), new TextEncoder().encode("{not json"));
    await bus.publish(stayEvents(roomId, me.userId).confirmed);
    expect((await subgraph.query(WRITE, review(roomId), me)).errors).toBeUndefined();
    expect((await bus.jsm.streams.info(deadLetterStream(bus.names))).state.messages).toBeGreaterThanOrEqual(1);
  });

  it("resolves reviews by key for the gateway, and rooms nobody reviewed", async () => {
    const roomId = await knownRoom();
    const me = guest();
    await bus.publish(stayEvents(roomId, me.userId).confirmed);
    const id = (await subgraph.query(WRITE, review(roomId, 3, "ok"), me)).data?.writeReview.id;
    const REVIEW = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Review { id rating room { id } } } }`;
    const res = await subgraph.query(REVIEW, { reps: [{ __typename: "Review", id }] });
    expect(res.data?._entities).toEqual([{ id, rating: 3, room: { id: roomId } }]);
    expect(await reviewsOf(randomUUID())).toMatchObject({ reviews: [], reviewCount: 0, averageRating: null });
  });
});
