import type { Scenario } from "../bench.ts";
import { runAutocannon } from "../load.ts";

const BOARD_QUERY = `query BenchBoard { roomBoard(first: 100) { roomId roomName roomStatus lastReservationStatus lastPaymentStatus confirmedReservations reviewCount averageRating mileagePointsIssued updatedAt } }`;

/** The CQRS read model in one read, anonymous. */
export const board: Scenario = {
  key: "board",
  async run(bench) {
    bench.record("board", "roomBoard(first: 100)", await bench.measure("roomBoard", (s) =>
      runAutocannon({ url: bench.routerUrl, connections: bench.options.connections, durationSeconds: s, request: () => ({ body: JSON.stringify({ query: BOARD_QUERY }) }) })));
  },
};
