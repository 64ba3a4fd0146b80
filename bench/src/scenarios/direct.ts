import { contextUrl, type ContextName } from "@airbnb/config";
import type { Scenario } from "../bench.ts";
import { closePools, postJson, runClosedLoop } from "../load.ts";

// The same data as `composed`, fetched as the router's query plan fetches it, by the client.
const DIRECT = {
  room: `query($id: ID!) { room(id: $id) { __typename id name city pricePerNight capacity status } }`,
  reservations: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Room { reservations { __typename id status amount checkIn checkOut } } } }`,
  reviews: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Room { reviews(first: 5) { id rating comment } reviewCount averageRating } } }`,
  board: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Room { board { lastReservationStatus lastPaymentStatus confirmedReservations mileagePointsIssued reviewCount updatedAt } } } }`,
  payment: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Reservation { payment { id status amount } } } }`,
  mileage: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Reservation { mileage { points kind } } } }`,
};

/** The floor: the router's 6 fetches in 3 steps made by the client itself; router overhead = 1 − composed/direct. */
export const direct: Scenario = {
  key: "direct",
  async run(bench) {
    const { readRooms, hostInternal } = bench.seed;
    const urlOf = (context: ContextName) => `${contextUrl(context, bench.env).split(",")[0]}/graphql`;
    const headers = { "x-internal-identity": hostInternal };
    // Identical reads in flight at once share one fetch, as the router (and Hive) do: the same floor.
    const inFlight = new Map<string, Promise<any>>();
    const post = (url: string, body: unknown) => {
      const key = `${url}\n${JSON.stringify(body)}`;
      let shared = inFlight.get(key);
      if (!shared) {
        shared = postJson(url, body, headers).finally(() => inFlight.delete(key));
        inFlight.set(key, shared);
      }
      return shared.then((answer) => structuredClone(answer));
    };
    let n = 0;
    const fetchRoom = async (): Promise<string | void> => {
      const id = readRooms[n++ % readRooms.length]!;
      const room = await post(urlOf("room"), { query: DIRECT.room, variables: { id } });
      if (room.errors) return JSON.stringify(room.errors);
      const representations = [{ __typename: "Room", id }];
      const [reservations, reviews, board] = await Promise.all([
        post(urlOf("reservation"), { query: DIRECT.reservations, variables: { representations } }),
        post(urlOf("review"), { query: DIRECT.reviews, variables: { representations } }),
        post(urlOf("viewpage"), { query: DIRECT.board, variables: { representations } }),
      ]);
      const problem = reservations.errors ?? reviews.errors ?? board.errors;
      if (problem) return JSON.stringify(problem);
      const reps = (reservations.data._entities[0].reservations as Array<{ id: string }>).map((r) => ({ __typename: "Reservation", id: r.id }));
      const [payments, mileage] = await Promise.all([
        post(urlOf("payment"), { query: DIRECT.payment, variables: { representations: reps } }),
        post(urlOf("mileage"), { query: DIRECT.mileage, variables: { representations: reps } }),
      ]);
      if (payments.errors ?? mileage.errors) return JSON.stringify(payments.errors ?? mileage.errors);
    };
    bench.record("direct", "same data · subgraphs directly", await bench.measure("direct to subgraphs", (s) => runClosedLoop(bench.options.connections, s, fetchRoom)),
      { note: "6 fetches in 3 steps, client-side, identical in-flight reads shared" });
    await closePools();
  },
};
