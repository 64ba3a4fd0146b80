import type { ReservationResolvers } from "../../generated/graphql.ts";

/** Any reservation id is one here: the reservation subgraph owns it; its timeline says what the log holds. */
export const resolveReservationReference: ReservationResolvers["__resolveReference"] = ({ id }) => ({ id });
