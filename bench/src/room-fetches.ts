import { contextUrl, type ContextName } from "@airbnb/config";

// The composed room(id) (room-query.ts) as the router's query plan fetches it: 6 fetches in 3 steps.
const FETCH = {
  room: `query($id: ID!) { room(id: $id) { __typename id name city pricePerNight capacity status } }`,
  reservations: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Room { reservations { __typename id status amount checkIn checkOut } } } }`,
  reviews: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Room { reviews(first: 5) { id rating comment } reviewCount averageRating } } }`,
  board: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Room { board { lastReservationStatus lastPaymentStatus confirmedReservations mileagePointsIssued reviewCount updatedAt } } } }`,
  payment: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Reservation { payment { id status amount } } } }`,
  mileage: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Reservation { mileage { points kind } } } }`,
};

/** POSTs a GraphQL body to a subgraph and returns its parsed answer. */
export type Post = (url: string, body: unknown) => Promise<any>;

/** A subgraph's GraphQL URL in the environment given (its first replica). */
export const subgraphUrl = (context: ContextName, env: NodeJS.ProcessEnv) => `${contextUrl(context, env).split(",")[0]}/graphql`;

/**
 * Reads one room's composed answer with the router's fetches and puts it together in
 * the shape ROOM_QUERY asks for (the __typenames the plan needs dropped): what the
 * `direct` client and the bare Node forwarder do, with no planner and no executor.
 */
export async function fetchRoom(post: Post, urlOf: (context: ContextName) => string, id: string): Promise<{ data?: unknown; errors?: unknown }> {
  const room = await post(urlOf("room"), { query: FETCH.room, variables: { id } });
  if (room.errors || !room.data.room) return room;
  const representations = [{ __typename: "Room", id }];
  const [reservations, reviews, board] = await Promise.all([
    post(urlOf("reservation"), { query: FETCH.reservations, variables: { representations } }),
    post(urlOf("review"), { query: FETCH.reviews, variables: { representations } }),
    post(urlOf("viewpage"), { query: FETCH.board, variables: { representations } }),
  ]);
  const problem = reservations.errors ?? reviews.errors ?? board.errors;
  if (problem) return { errors: problem };
  const stays = reservations.data._entities[0].reservations as Array<{ __typename?: string; id: string }>;
  const reps = stays.map((stay) => ({ __typename: "Reservation", id: stay.id }));
  const [payments, mileage] = await Promise.all([
    post(urlOf("payment"), { query: FETCH.payment, variables: { representations: reps } }),
    post(urlOf("mileage"), { query: FETCH.mileage, variables: { representations: reps } }),
  ]);
  if (payments.errors ?? mileage.errors) return { errors: payments.errors ?? mileage.errors };
  const { __typename: _room, ...fields } = room.data.room;
  return {
    data: {
      room: {
        ...fields,
        reservations: stays.map(({ __typename: _stay, ...stay }, i) => ({ ...stay, payment: payments.data._entities[i].payment, mileage: mileage.data._entities[i].mileage })),
        ...reviews.data._entities[0],
        ...board.data._entities[0],
      },
    },
  };
}
