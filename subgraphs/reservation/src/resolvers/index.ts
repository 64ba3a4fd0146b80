import { DateTime } from "@airbnb/service";
import type { Resolvers } from "../generated/graphql.ts";
import { cancelReservation } from "./mutation/cancel-reservation.ts";
import { reserveRoom } from "./mutation/reserve-room.ts";
import { myReservations } from "./query/my-reservations.ts";
import { reservation } from "./query/reservation.ts";
import { resolveReservationReference } from "./reservation/reference.ts";
import { reservationRoom } from "./reservation/room.ts";
import { roomIsAvailable } from "./room/is-available.ts";
import { roomReservations } from "./room/reservations.ts";
import type { ReservationApp } from "./types.ts";

export const reservationResolvers = (app: ReservationApp): Resolvers => ({
  DateTime,
  Query: { reservation: reservation(app), myReservations: myReservations(app) },
  Mutation: { reserveRoom: reserveRoom(app), cancelReservation: cancelReservation(app) },
  Reservation: { __resolveReference: resolveReservationReference(app), room: reservationRoom },
  Room: {
    __resolveReference: ({ id }) => ({ id }),
    reservations: roomReservations(app),
    isAvailable: roomIsAvailable(app),
  },
});
