import { nanos } from "@nats-io/transport-node";
import { RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";

export interface StreamNames {
  stream: string;
  prefix: string;
}

export const deadLetterStream = (names: StreamNames) => `${names.stream}_DLQ`;
/** Core NATS subjects for read-model change notices; not captured by any stream. */
export const liveSubjectPrefix = (names: StreamNames) => `live.${names.prefix}`;
export const deadLetterSubject = (names: StreamNames, context: string) => `dlq.${names.prefix}.${context}`;

/** Creates the event stream and its dead-letter stream if absent; safe to race from every process. */
export async function ensureStreams(jsm: JetStreamManager, names: StreamNames): Promise<void> {
  await ensureStream(jsm, {
    name: names.stream,
    subjects: [`${names.prefix}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(5 * 60_000),
  });
  await ensureStream(jsm, {
    name: deadLetterStream(names),
    subjects: [`dlq.${names.prefix}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
  });
}

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (error) {
      // Another process created it between our look-up and our add.
      await jsm.streams.info(config.name).catch(() => Promise.reject(error));
    }
  }
}
