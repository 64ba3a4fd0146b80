import type { BaseConfig } from "@airbnb/config";
import { nanos } from "@nats-io/transport-node";
import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig, type StreamInfo } from "@nats-io/jetstream";

export interface StreamNames {
  stream: string;
  prefix: string;
}

/** What the streams must be: created so where allowed, otherwise only verified. */
export interface StreamPolicy {
  /** The least replicas an existing stream may have (NATS_STREAM_REPLICAS). */
  replicas: number;
  /** The event stream's bounds; the dead-letter stream gets a share of them (see streamConfigs). */
  maxBytes: number;
  maxAgeHours: number;
  /** Create a missing stream (development and tests); production streams come from the setup Job. */
  create: boolean;
}

export const deadLetterStream = (names: StreamNames) => `${names.stream}_DLQ`;
/** Core NATS subjects for read-model change notices; not captured by any stream. */
export const liveSubjectPrefix = (names: StreamNames) => `live.${names.prefix}`;
export const deadLetterSubject = (names: StreamNames, context: string) => `dlq.${names.prefix}.${context}`;

/**
 * Dead letters wait for an operator, so they are kept longer than events (30 days),
 * in an eighth of the bytes: they are few unless something is badly wrong, which the
 * DLQ-growth alert reports long before.
 */
const DEAD_LETTER_MAX_AGE_HOURS = 30 * 24;
const DEAD_LETTER_BYTES_SHARE = 8;

/** The two streams as they are created (here and by k8s/base/nats/stream-job.yaml, which mirrors these values). */
export function streamConfigs(names: StreamNames, policy: StreamPolicy): Array<Partial<StreamConfig> & { name: string }> {
  const common = { storage: StorageType.File, retention: RetentionPolicy.Limits, discard: DiscardPolicy.Old, num_replicas: policy.replicas };
  return [
    {
      ...common,
      name: names.stream,
      subjects: [`${names.prefix}.>`],
      duplicate_window: nanos(5 * 60_000),
      max_bytes: policy.maxBytes,
      max_age: nanos(policy.maxAgeHours * 3_600_000),
    },
    {
      ...common,
      name: deadLetterStream(names),
      subjects: [`dlq.${names.prefix}.>`],
      duplicate_window: nanos(2 * 60_000),
      max_bytes: Math.floor(policy.maxBytes / DEAD_LETTER_BYTES_SHARE),
      max_age: nanos(DEAD_LETTER_MAX_AGE_HOURS * 3_600_000),
    },
  ];
}

/**
 * Checks both streams and returns what is wrong with them (empty: fit to serve).
 * A missing stream is created only where `policy.create` allows; an existing one is
 * never changed, so a process that starts before the setup Job cannot downgrade a
 * production stream's replicas or limits. Safe to race from every process.
 */
export async function verifyStreams(jsm: JetStreamManager, names: StreamNames, policy: StreamPolicy): Promise<string[]> {
  const problems: string[] = [];
  for (const config of streamConfigs(names, policy)) {
    const existing = await jsm.streams.info(config.name).catch((): undefined => undefined);
    if (!existing && !policy.create) {
      problems.push(`stream ${config.name} is missing (created by the setup Job, not by the services outside development)`);
      continue;
    }
    // Another process may create it between our look-up and our add.
    const info: StreamInfo = existing ?? (await jsm.streams.add(config).catch(async (error: unknown) => {
      const raced = await jsm.streams.info(config.name).catch((): undefined => undefined);
      if (!raced) throw error;
      return raced;
    }));
    if (info.config.num_replicas < policy.replicas) problems.push(`stream ${config.name} has ${info.config.num_replicas} replica(s), fewer than NATS_STREAM_REPLICAS=${policy.replicas}`);
  }
  return problems;
}

/** The policy from the settings every process reads. */
export function streamPolicyOf(config: Pick<BaseConfig, "NODE_ENV" | "NATS_STREAM_REPLICAS" | "NATS_STREAM_MAX_BYTES" | "NATS_STREAM_MAX_AGE_HOURS">): StreamPolicy {
  return {
    replicas: config.NATS_STREAM_REPLICAS,
    maxBytes: config.NATS_STREAM_MAX_BYTES,
    maxAgeHours: config.NATS_STREAM_MAX_AGE_HOURS,
    create: config.NODE_ENV !== "production",
  };
}
