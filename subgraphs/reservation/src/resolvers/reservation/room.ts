import type { ReservationResolvers } from "../../generated/graphql.ts";

/** The room is the room context's entity: its key is all this subgraph gives. */
export const reservationRoom: ReservationResolvers["room"] = (reservation) => ({ id: reservation.roomId });
