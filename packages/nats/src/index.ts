export { EventBus, type EventBusOptions } from "./event-bus.ts";
export { startConsumer, type ConsumerOptions, type RunningConsumer } from "./consumer.ts";
export { deadLetterStream, deadLetterSubject, ensureStreams, liveSubjectPrefix, type StreamNames } from "./streams.ts";
export { KeyedLimiter } from "./keyed-limiter.ts";
export { awaitReplica, consumerCaughtUp } from "./catch-up.ts";
