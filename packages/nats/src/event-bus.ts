import { connect, headers, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type PubAck } from "@nats-io/jetstream";
import { noticeFilter, noticeSubject, parseNotice, subjectOf, type DomainEvent, type NoticeData, type NoticeType } from "@airbnb/events";
import { withProducerSpan, type Logger } from "@airbnb/observability";
import type { NatsAuth } from "./auth.ts";
import { deadLetterSubject, liveSubjectPrefix, verifyStreams, type StreamNames, type StreamPolicy } from "./streams.ts";

export interface EventBusOptions extends StreamNames {
  /** One server URL, or a comma-separated list of a cluster's (NATS_URL); the client fails over between them. */
  url: string;
  /** The process name shown by the server, e.g. "reservation". */
  name: string;
  logger: Logger;
  streams: StreamPolicy;
  /** Credentials and TLS (natsAuthOf); none: anonymous, plain text. */
  auth?: NatsAuth;
}

/** The servers of a NATS_URL ("nats://a:4222,nats://b:4222"), as the client takes them. */
export const natsServers = (url: string): string[] => url.split(",").map((server) => server.trim()).filter(Boolean);

/** The one NATS JetStream connection of a process: publishing, consuming, dead-lettering. */
export class EventBus {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly names: StreamNames,
    readonly logger: Logger,
    private readonly streams: StreamPolicy,
    private streamProblems: string[],
  ) {}

  static async connect(options: EventBusOptions): Promise<EventBus> {
    // Reconnecting for ever: a context whose broker is away keeps serving what
    // it can and catches up when the broker returns.
    const nc = await connect({
      ...options.auth,
      servers: natsServers(options.url),
      name: options.name,
      waitOnFirstConnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      // Otherwise every request (each JetStream publish) captures a stack trace for its error, just in case: measured
      // as a visible share of every context's CPU. Request errors still say what failed.
      noAsyncTraces: true,
    });
    const jsm = await jetstreamManager(nc);
    const names = { stream: options.stream, prefix: options.prefix };
    const problems = await verifyStreams(jsm, names, options.streams);
    if (problems.length) options.logger.error({ problems }, "the event streams are not as required (the setup Job creates and raises them); subgraphs stay unready until they are");
    const bus = new EventBus(nc, jetstream(nc), jsm, names, options.logger, options.streams, problems);
    void bus.watchStatus();
    return bus;
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === "disconnect") this.disconnected = true;
      if (status.type === "reconnect") this.disconnected = false;
      if (status.type === "disconnect" || status.type === "reconnect") this.logger.warn({ nats: status.type }, "nats connection changed");
    }
  }

  /**
   * Publishes with `Nats-Msg-Id` = event id, so a republish inside the window is dropped by the server.
   * `traceparent`: the operation that wrote the event (stored with its outbox row); the publish is
   * a span of that trace and the message's `traceparent` header names it, for the consumers to continue.
   */
  publish(event: DomainEvent, traceparent?: string | null): Promise<PubAck> {
    const subject = subjectOf(this.names.prefix, event.type);
    const data = JSON.stringify(event);
    if (!traceparent) return this.js.publish(subject, data, { msgID: event.id });
    const attributes = { "messaging.system": "nats", "messaging.operation.type": "send", "messaging.destination.name": subject, "messaging.message.id": event.id };
    return withProducerSpan(traceparent, `publish ${subject}`, attributes, (carrier) => {
      const h = headers();
      for (const [name, value] of Object.entries(carrier)) h.set(name, value);
      return this.js.publish(subject, data, { msgID: event.id, headers: h });
    });
  }

  /** Sends a notice of the notice catalog (core NATS, outside the stream): fire-and-forget. */
  announce<T extends NoticeType>(type: T, data: NoticeData<T>): void {
    if (!this.nc.isClosed()) this.nc.publish(`${liveSubjectPrefix(this.names)}.${noticeSubject(type, data)}`, JSON.stringify(data));
  }

  /** Calls `receive` with each notice of the type from now on; notices that do not parse are dropped (they cost a push). */
  onNotice<T extends NoticeType>(type: T, receive: (data: NoticeData<T>) => void): Subscription {
    return this.nc.subscribe(`${liveSubjectPrefix(this.names)}.${noticeFilter(type)}`, {
      callback: (error, msg) => {
        const data = error ? null : parseNotice(type, msg.string());
        if (data) receive(data);
      },
    });
  }

  async deadLetter(context: string, payload: Uint8Array, reason: string, origin: { subject: string; seq: number }): Promise<void> {
    const h = headers();
    h.set("Dlq-Reason", reason.slice(0, 1000));
    h.set("Dlq-Subject", origin.subject);
    h.set("Dlq-Sequence", String(origin.seq));
    await this.js.publish(deadLetterSubject(this.names, context), payload, {
      headers: h,
      msgID: `${context}:${origin.seq}`,
    });
  }

  private disconnected = false;

  /**
   * Whether the streams were found fit (present, enough replicas). Checked again while
   * they are not; once they are, the answer no longer depends on NATS: readiness must
   * not turn a broker blip into every pod leaving its Service.
   */
  async streamsFit(): Promise<boolean> {
    if (this.streamProblems.length === 0) return true;
    if (!this.connected) return false;
    this.streamProblems = await verifyStreams(this.jsm, this.names, this.streams).catch((error: Error) => [error.message]);
    if (this.streamProblems.length === 0) this.logger.info("the event streams are fit to serve now");
    return this.streamProblems.length === 0;
  }

  get connected(): boolean {
    return !this.disconnected && !this.nc.isClosed();
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
