// The shapes the page reads back, as generated from its operations (operations.graphql) against the
// router's composed API schema: the page cannot drift from the API, and still ships to the browser
// alone, importing nothing from the servers' code.
import type { BoardFieldsFragment, ReservationFieldsFragment, RoomDetailQuery, TimelineFieldsFragment, TotalsFieldsFragment } from "./generated/graphql.ts";

export { BoardTotalsDocument, MyReservationsDocument, RoomBoardDocument, RoomChangedDocument, RoomDetailDocument, TimelineDocument } from "./generated/graphql.ts";
export type { PaymentStatus, ReservationStatus, RoomStatus } from "./generated/graphql.ts";
export type BoardEntry = BoardFieldsFragment;
export type BoardTotals = TotalsFieldsFragment;
export type RoomDetail = NonNullable<RoomDetailQuery["room"]>;
export type ReservationSummary = ReservationFieldsFragment;
export type TimelineEvent = TimelineFieldsFragment;
