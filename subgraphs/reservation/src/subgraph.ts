import { Counter, Gauge } from "prom-client";
import { z } from "zod";
import { contextUrl, loadConfig } from "@airbnb/config";
import { awaitReplica, eventConsumer } from "@airbnb/nats";
import { AdmissionControl, type SubgraphDefinition } from "@airbnb/service";
import { CancelReservation } from "./application/cancel-reservation.ts";
import { currentRoom } from "./application/current-room.ts";
import { onRoomEvent } from "./application/on-room-event.ts";
import { releaseAbandoned } from "./application/release-abandoned.ts";
import { ReservationReads } from "./application/reservation-reads.ts";
import { ReserveRoom } from "./application/reserve-room.ts";
import { HttpPaymentGateway } from "./infrastructure/http-payment-gateway.ts";
import { HttpRoomDirectory } from "./infrastructure/http-room-directory.ts";
import { pollDecision } from "./infrastructure/poll-decision.ts";
import { SqlReservationStore } from "./infrastructure/sql-reservation-store.ts";
import { SqlRoomReplicas } from "./infrastructure/sql-room-replicas.ts";
import { reservationResolvers } from "./resolvers/index.ts";

export const reservationSettings = z.object({
  PAYMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(1_500),
  PAYMENT_BREAKER_THRESHOLD: z.coerce.number().int().positive().default(5),
  PAYMENT_BREAKER_HALF_OPEN_MS: z.coerce.number().int().positive().default(5_000),
  /** A reservation PENDING this long was abandoned while paying (well beyond the payment call's timeouts and retry); swept every quarter of it. */
  RESERVATION_ABANDONED_AFTER_MS: z.coerce.number().int().min(5_000).default(60_000),
  // 300 ms timed out in about 1 of 12 lookups on the shared 2-core machine at a load average of 14.
  ROOM_LOOKUP_TIMEOUT_MS: z.coerce.number().int().positive().default(1_000),
  // Admission control of reserveRoom, sized from the measured capacity (bench/README.md, "overload").
  BOOKING_MAX_IN_FLIGHT: z.coerce.number().int().positive().default(16),
  BOOKING_MAX_QUEUE: z.coerce.number().int().min(0).default(96),
  BOOKING_MAX_WAIT_MS: z.coerce.number().int().positive().default(3_000),
});

export const reservationSubgraph: SubgraphDefinition = {
  name: "reservation",
  schemaFile: new URL("../schema.graphql", import.meta.url),
  poolSize: 20,
  build({ db, bus, relay, tokens, logger, env, metrics, sources }) {
    const config = loadConfig(reservationSettings, env);
    const reservations = new SqlReservationStore(db, relay);
    const replicas = new SqlRoomReplicas(db);
    const payments = new HttpPaymentGateway({
      baseUrl: contextUrl("payment", env),
      tokens,
      timeoutMs: config.PAYMENT_TIMEOUT_MS,
      failureThreshold: config.PAYMENT_BREAKER_THRESHOLD,
      halfOpenAfterMs: config.PAYMENT_BREAKER_HALF_OPEN_MS,
    });
    new Gauge({
      name: "payment_circuit_open",
      help: "1 while the circuit breaker in front of payment is open (bookings are refused fast)",
      registers: [metrics],
      collect() {
        this.set(payments.circuitOpen ? 1 : 0);
      },
    });
    const refused = new Counter({
      name: "bookings_refused_overloaded_total",
      help: "reserveRoom calls refused with OVERLOADED by admission control",
      registers: [metrics],
    });
    const admission = new AdmissionControl({
      refusal: "too many bookings at this moment: nothing was held or charged, try again shortly",
      maxInFlight: config.BOOKING_MAX_IN_FLIGHT,
      maxQueue: config.BOOKING_MAX_QUEUE,
      maxWaitMs: config.BOOKING_MAX_WAIT_MS,
      onRefused: () => refused.inc(),
    });
    new Gauge({
      name: "bookings_in_flight",
      help: "reserveRoom calls admitted and being worked on (bounded by BOOKING_MAX_IN_FLIGHT)",
      registers: [metrics],
      collect() {
        this.set(admission.inFlight);
      },
    });
    const rooms = new HttpRoomDirectory({ baseUrl: contextUrl("room", env), tokens, timeoutMs: config.ROOM_LOOKUP_TIMEOUT_MS });
    // Without the room context, a room registered a moment ago may still be on its way to the replica.
    const lookup = currentRoom(
      rooms,
      replicas,
      (roomId) => awaitReplica(bus, "reservation", () => replicas.find(roomId)),
      (error) => logger.warn({ err: error }, "booking by the room replica: the room context did not answer"),
    );
    const sweeper = setInterval(() => {
      releaseAbandoned(reservations, config.RESERVATION_ABANDONED_AFTER_MS, sources).catch((error) => logger.warn({ err: error }, "releasing abandoned reservations failed"));
    }, config.RESERVATION_ABANDONED_AFTER_MS / 4);
    return {
      resolvers: reservationResolvers({
        reserveRoom: new ReserveRoom(reservations, lookup, payments, pollDecision(reservations), sources, admission),
        cancelReservation: new CancelReservation(reservations, sources),
        reads: new ReservationReads(reservations, replicas),
      }),
      consumers: [eventConsumer({ filter: "room.>", handlers: onRoomEvent(replicas, reservations, sources) })],
      stop: async () => {
        clearInterval(sweeper);
        await Promise.all([payments.close(), rooms.close()]);
      },
    };
  },
};
