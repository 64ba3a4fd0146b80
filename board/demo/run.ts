// `npm run demo`: plays the original scenario against a running system, one
// short line per step, slowly enough to watch http://127.0.0.1:4000/board change.
//
//   ROUTER_URL     the router's GraphQL endpoint (default http://127.0.0.1:4000/graphql)
//   JWT_SECRET     the development secret the router verifies tokens with (its default too)
//   DEMO_PAUSE_MS  pause after each step (default 1500; 0 for no pause)
//
// Safe to run again: the demo rooms are found by their host and name and
// reused; each run books the first week both rooms are free, with
// idempotency keys derived from room, dates and guest, so a repeated request
// never books or charges twice.
import { SignJWT } from "jose";
import { DEV_JWT_SECRET } from "@airbnb/config";

const ROUTER_URL = process.env.ROUTER_URL ?? "http://127.0.0.1:4000/graphql";
const SECRET = new TextEncoder().encode(process.env.JWT_SECRET ?? DEV_JWT_SECRET);
const PAUSE_MS = Number(process.env.DEMO_PAUSE_MS ?? 1500);
const BOARD_URL = ROUTER_URL.replace(/\/graphql$/, "/board");

interface Person {
  name: string;
  id: string;
  token: string;
}

interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

const ROOMS = [
  { name: "Hanok Courtyard (demo)", description: "A quiet room by a courtyard", city: "Seoul", pricePerNight: 120_000, capacity: 2 },
  { name: "Jeju Stone House (demo)", description: "Basalt walls, tangerine trees, the sea at the end of the lane", city: "Jeju", pricePerNight: 95_000, capacity: 4 },
] as const;

const BOARD_FIELDS = "roomName lastReservationStatus lastPaymentStatus confirmedReservations reviewCount averageRating mileagePointsIssued lastEventType";

let stepNumber = 0;
const step = async (line: string) => {
  console.log(`${String(++stepNumber).padStart(2)}. ${line}`);
  if (PAUSE_MS > 0) await sleep(PAUSE_MS);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const won = (amount: number) => `₩${amount.toLocaleString("en-US")}`;

async function gql<T = any>(who: Person | undefined, query: string, variables: Record<string, unknown> = {}): Promise<{ data: T | null; errors: GraphQLError[] }> {
  const response = await fetch(ROUTER_URL, {
    method: "POST",
    headers: { "content-type": "application/json", ...(who ? { authorization: `Bearer ${who.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLError[] };
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

/** Like gql, but an error stops the demo with the router's message. */
async function must<T = any>(who: Person | undefined, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { data, errors } = await gql<T>(who, query, variables);
  if (!data || errors.length) throw new Error(`${errors[0]?.extensions?.code ?? "ERROR"}: ${errors[0]?.message ?? "no data"}`);
  return data;
}

async function person(name: string, id: string, roles: string[]): Promise<Person> {
  const token = await new SignJWT({ roles }).setProtectedHeader({ alg: "HS256" }).setSubject(id).setIssuedAt().setExpirationTime("12h").sign(SECRET);
  return { name, id, token };
}

/** Waits (up to 10 s) until the room's board row satisfies `done`: the board is fed by events, a moment behind. */
async function boardOf(roomId: string, done: (row: Record<string, any>) => boolean = () => true) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { data } = await gql(undefined, `query($id: ID!) { room(id: $id) { board { ${BOARD_FIELDS} } } }`, { id: roomId });
    const row = data?.room?.board;
    if ((row && done(row)) || Date.now() > deadline) return row ?? {};
    await sleep(150);
  }
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function main() {
  const ready = await fetch(ROUTER_URL.replace(/\/graphql$/, "/readyz")).then((r) => r.ok, () => false);
  if (!ready) {
    console.error(`The system is not running (or not ready) at ${ROUTER_URL}: start it with \`npm start\` in another terminal, then run the demo again.`);
    process.exit(1);
  }
  console.log(`Open ${BOARD_URL} and watch the board while this runs.\n`);

  const host = await person("Sora", "demo-host-sora", ["host"]);
  const minji = await person("Minji", "demo-guest-minji", ["guest"]);
  const jae = await person("Jae", "demo-guest-jae", ["guest"]);
  await step(`Sora (a host), Minji and Jae (guests) sign in with development tokens.`);

  // Rooms: reuse the demo host's rooms from an earlier run, register the missing ones.
  const rooms: Array<{ id: string; name: string; pricePerNight: number }> = [];
  for (const input of ROOMS) {
    const { rooms: listed } = await must<{ rooms: Array<{ id: string; name: string; hostId: string; pricePerNight: number }> }>(
      undefined,
      `query($city: String) { rooms(city: $city, first: 200) { id name hostId pricePerNight } }`,
      { city: input.city },
    );
    const existing = listed.find((room) => room.hostId === host.id && room.name === input.name);
    if (existing) {
      rooms.push(existing);
      await step(`Sora's room “${input.name}” is already listed (from an earlier run): reusing it.`);
    } else {
      const { registerRoom } = await must(host, `mutation($input: RegisterRoomInput!) { registerRoom(input: $input) { id name pricePerNight } }`, { input });
      rooms.push(registerRoom);
      await boardOf(registerRoom.id, (row) => row.roomName === input.name);
      await step(`Sora registers “${input.name}” in ${input.city} at ${won(input.pricePerNight)} a night: a new row on the board.`);
    }
  }
  const [hanok, jeju] = rooms as [(typeof rooms)[0], (typeof rooms)[0]];

  // The first week, from a month ahead, when both rooms are free: every run books fresh nights.
  let week = 0;
  for (; week < 40; week++) {
    const { a, b } = await must(undefined, `query($h: ID!, $j: ID!, $in: Date!, $out: Date!) {
      a: room(id: $h) { isAvailable(checkIn: $in, checkOut: $out) } b: room(id: $j) { isAvailable(checkIn: $in, checkOut: $out) } }`,
      { h: hanok.id, j: jeju.id, in: day(30 + 7 * week), out: day(33 + 7 * week) });
    if (a?.isAvailable && b?.isAvailable) break;
  }
  const checkIn = day(30 + 7 * week);
  const checkOut = day(32 + 7 * week);
  const key = (room: { id: string }, guest: Person, what: string) => `demo:${room.id}:${checkIn}:${guest.id}:${what}`;
  const RESERVE = `mutation($input: ReserveRoomInput!) { reserveRoom(input: $input) { id status amount payment { status } } }`;

  const first = await must(minji, RESERVE, { input: { roomId: hanok.id, checkIn, checkOut, guests: 2, idempotencyKey: key(hanok, minji, "stay") } });
  const booked = first.reserveRoom;
  const hanokRow = await boardOf(hanok.id, (row) => row.mileagePointsIssued > 0 && row.lastReservationStatus === "CONFIRMED");
  await step(`Minji books “${hanok.name}” ${checkIn} → ${checkOut}: ${booked.status}, payment ${booked.payment?.status}, ${won(booked.amount)}; the room's mileage on the board: ${hanokRow.mileagePointsIssued} points.`);

  const clash = await gql(jae, RESERVE, { input: { roomId: hanok.id, checkIn, checkOut, guests: 1, idempotencyKey: key(hanok, jae, "clash") } });
  await step(`Jae tries the same nights at “${hanok.name}”: refused with ${clash.errors[0]?.extensions?.code ?? clash.data?.reserveRoom?.status} (no double booking, whatever the timing).`);

  const declined = await must(jae, RESERVE, { input: { roomId: jeju.id, checkIn, checkOut, guests: 2, paymentMethod: "declined-card", idempotencyKey: key(jeju, jae, "declined") } });
  await boardOf(jeju.id, (row) => row.lastPaymentStatus === "DECLINED");
  await step(`Jae books “${jeju.name}” with a card that is declined: ${declined.reserveRoom.status}, payment ${declined.reserveRoom.payment?.status}; no nights held.`);

  const second = await must(jae, RESERVE, { input: { roomId: jeju.id, checkIn, checkOut, guests: 2, idempotencyKey: key(jeju, jae, "stay") } });
  await boardOf(jeju.id, (row) => row.lastReservationStatus === "CONFIRMED" && row.lastPaymentStatus === "APPROVED");
  await step(`Jae tries again with his other card: ${second.reserveRoom.status}, payment ${second.reserveRoom.payment?.status}, ${won(second.reserveRoom.amount)}.`);

  const cancelled = await must(jae, `mutation($id: ID!) { cancelReservation(id: $id) { status } }`, { id: second.reserveRoom.id });
  const jejuRow = await boardOf(jeju.id, (row) => row.lastPaymentStatus === "REFUNDED" && row.lastEventType === "MileageDeducted");
  await step(`Jae cancels: ${cancelled.cancelReservation.status}; the refund (${jejuRow.lastPaymentStatus ?? "on its way"}) and the mileage deduction follow through events.`);

  // Only a stay that has begun may be reviewed: Minji also stays at the Hanok tonight (one booking per day, whatever the runs).
  const tonight = await must(minji, RESERVE, { input: { roomId: hanok.id, checkIn: day(0), checkOut: day(1), guests: 2, idempotencyKey: `demo:${hanok.id}:${day(0)}:${minji.id}:tonight` } });
  await step(`Minji also stays at “${hanok.name}” tonight: ${tonight.reserveRoom.status}; reviews come only from stays that have begun.`);

  let review: { rating: number } | undefined;
  let refusal = "";
  for (let attempt = 0; attempt < 10 && !review; attempt++) {
    const written = await gql(minji, `mutation($input: WriteReviewInput!) { writeReview(input: $input) { rating } }`, {
      input: { roomId: hanok.id, rating: 5, comment: `Quiet, warm floors, a courtyard full of light (stay of ${day(0)}).` },
    });
    review = written.data?.writeReview;
    refusal = written.errors[0]?.extensions?.code ?? "";
    if (!review) await sleep(500); // the review context learns of the stay from an event, a moment later
  }
  const reviewed = review && (await boardOf(hanok.id, (row) => row.lastEventType === "ReviewWritten"));
  await step(review && reviewed
    ? `Minji writes a ${review.rating}★ review of “${hanok.name}”: ${reviewed.reviewCount} review(s), average ${reviewed.averageRating?.toFixed(1)}.`
    : `Minji's review was refused (${refusal}): she reviewed tonight's stay already, and her others have not begun.`);

  console.log(`\nThe board now (${BOARD_URL}):`);
  for (const room of [hanok, jeju]) {
    const row = await boardOf(room.id);
    console.log(`  ${row.roomName}: last reservation ${row.lastReservationStatus}, payment ${row.lastPaymentStatus}, ${row.confirmedReservations} confirmed, ${row.reviewCount} review(s), ${row.mileagePointsIssued} mileage points, last event ${row.lastEventType}`);
  }
  console.log(`\nTo see reservations, payments and mileage in a room's detail panel, paste Sora's token into the page:\n${host.token}`);
}

main().catch((error: unknown) => {
  console.error(`The demo stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
