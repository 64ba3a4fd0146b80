import type { ReservationResolvers } from "../../generated/graphql.ts";

/** Reservations are the reservation context's; this subgraph only adds their mileage, so the key is all it needs. */
export const resolveReservationReference: ReservationResolvers["__resolveReference"] = ({ id }) => ({ id });
