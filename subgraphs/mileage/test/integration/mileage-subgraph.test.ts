import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemSources } from "@airbnb/config";
import { createEvent, subjectOf, type DomainEvent } from "@airbnb/events";
import { consumerCaughtUp, EventBus } from "@airbnb/nats";
import { errorCode, startTestSubgraph, waitFor, type TestSubgraph } from "@airbnb/testkit";
import { mileageSubgraph } from "../../src/subgraph.ts";

const sources = systemSources();

const MY_MILEAGE = `{ myMileage { guestId balance entries { id reservationId points kind createdAt } } }`;
const RESERVATION_MILEAGE = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Reservation { id mileage { points kind } } } }`;

let subgraph: TestSubgraph;
let bus: EventBus;
const published: Array<{ type: string; data: Record<string, unknown> }> = [];

beforeAll(async () => {
  subgraph = await startTestSubgraph(mileageSubgraph, "mileage-int");
  bus = subgraph.bus;
  const sub = bus.nc.subscribe(`${subgraph.env.NATS_SUBJECT_PREFIX}.mileage.>`);
  void (async () => {
    for await (const msg of sub) published.push(msg.json());
  })();
});

afterAll(async () => {
  await subgraph?.stop();
});

const guest = () => ({ userId: `guest-${randomUUID()}`, roles: ["guest"] as const });
const payment = (guestId: string, amount: number) => ({ paymentId: randomUUID(), reservationId: randomUUID(), roomId: randomUUID(), guestId, amount });
const origin = (reservationId: string) => ({ correlationId: reservationId, causationId: randomUUID() });
const approved = (p: ReturnType<typeof payment>) => createEvent("PaymentApproved", p, origin(p.reservationId), sources);
const refunded = (p: ReturnType<typeof payment>) => createEvent("PaymentRefunded", p, origin(p.reservationId), sources);

const mileageOf = async (identity: ReturnType<typeof guest>) => (await subgraph.query(MY_MILEAGE, {}, identity)).data?.myMileage;
const caughtUp = () => waitFor(() => consumerCaughtUp(bus, "mileage"), { what: "the mileage consumer to catch up" });
/** The same envelope again under another Nats-Msg-Id: the stream keeps it, as after a redelivery. */
const republish = (event: DomainEvent) => bus.js.publish(subjectOf(bus.names.prefix, event.type), JSON.stringify(event), { msgID: randomUUID() });

describe("mileage subgraph", () => {
  it("answers a signed-in caller without entries with an empty account, and refuses anonymous callers", async () => {
    const newcomer = guest();
    expect(await mileageOf(newcomer)).toEqual({ guestId: newcomer.userId, balance: 0, entries: [] });
    expect(errorCode(await subgraph.query(MY_MILEAGE, {}, null))).toBe("UNAUTHENTICATED");
  });

  it("earns floor(amount / 100) on approval and deducts the same on refund, announcing both", async () => {
    const caller = guest();
    const paid = payment(caller.userId, 300_099);
    await bus.publish(approved(paid));
    const earned = await waitFor(() => published.find((e) => e.type === "MileageEarned" && e.data.reservationId === paid.reservationId));
    expect(earned.data).toMatchObject({ guestId: caller.userId, roomId: paid.roomId, points: 3000 });
    expect(await mileageOf(caller)).toMatchObject({ balance: 3000, entries: [{ id: earned.data.entryId, points: 3000, kind: "EARNED" }] });

    await bus.publish(refunded(paid));
    const deducted = await waitFor(() => published.find((e) => e.type === "MileageDeducted" && e.data.reservationId === paid.reservationId));
    expect(deducted.data).toMatchObject({ guestId: caller.userId, points: 3000 });
    const account = await mileageOf(caller);
    expect(account.balance).toBe(0);
    expect(account.entries.map((e: { kind: string }) => e.kind)).toEqual(["DEDUCTED", "EARNED"]);
  });

  it("applies a redelivered event once, and one payment earns and deducts at most once whatever the event ids", async () => {
    const caller = guest();
    const paid = payment(caller.userId, 50_000);
    const approval = approved(paid);
    await bus.publish(approval);
    await bus.publish(approval); // dropped by the stream's duplicate window
    await republish(approval); // kept by the stream: the inbox drops it
    await bus.publish(approved(paid)); // another event about the same payment: the unique constraint drops it
    const refund = refunded(paid);
    await bus.publish(refund);
    await republish(refund);
    await bus.publish(refunded(paid));
    await caughtUp();
    const account = await mileageOf(caller);
    expect(account.entries.map((e: { points: number }) => e.points).sort()).toEqual([-500, 500]);
    expect(account.balance).toBe(0);
    // Committed before the consumer acknowledged; the relay publishes them just after.
    const announced = () => published.filter((e) => e.data.reservationId === paid.reservationId);
    await waitFor(() => announced().length >= 2);
    expect(announced().map((e) => e.type).sort()).toEqual(["MileageDeducted", "MileageEarned"]);
  });

  it("deducts what the refunded amount would have earned when no approval was recorded", async () => {
    const caller = guest();
    await bus.publish(refunded(payment(caller.userId, 12_399)));
    await waitFor(async () => (await mileageOf(caller)).balance === -123);
  });

  it("skips a malformed event without blocking the next one", async () => {
    await bus.js.publish(`${bus.names.prefix}.payment.approved`, new TextEncoder().encode("{ not json"));
    await bus.js.publish(`${bus.names.prefix}.payment.approved`, JSON.stringify({ ...approved(payment("g", 100)), data: { amount: -1 } }));
    const caller = guest();
    await bus.publish(approved(payment(caller.userId, 10_000)));
    await waitFor(async () => (await mileageOf(caller)).balance === 100);
  });

  it("resolves the mileage of many reservations in one entities call", async () => {
    const caller = guest();
    const [first, second] = [payment(caller.userId, 20_000), payment(caller.userId, 70_000)];
    await bus.publish(approved(first));
    await bus.publish(approved(second));
    await bus.publish(refunded(second));
    await waitFor(async () => (await mileageOf(caller)).entries.length === 3);
    const reps = [first, second, { reservationId: randomUUID() }].map((p) => ({ __typename: "Reservation", id: p.reservationId }));
    const res = await subgraph.query(RESERVATION_MILEAGE, { reps }, caller);
    expect(res.data?._entities).toEqual([
      { id: first.reservationId, mileage: [{ points: 200, kind: "EARNED" }] },
      { id: second.reservationId, mileage: [{ points: 700, kind: "EARNED" }, { points: -700, kind: "DEDUCTED" }] },
      { id: reps[2]!.id, mileage: [] },
    ]);
  });
});
