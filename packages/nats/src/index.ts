export { EventBus, natsServers, type EventBusOptions } from "./event-bus.ts";
export { eventConsumer, startConsumer, type ConsumerOptions, type EventConsumer, type Ordering, type RunningConsumer } from "./consumer.ts";
export { deadLetterStream, deadLetterSubject, liveSubjectPrefix, streamConfigs, streamPolicyOf, verifyStreams, type StreamNames, type StreamPolicy } from "./streams.ts";
export { awaitReplica, consumerCaughtUp } from "./catch-up.ts";
export { natsMetrics, type ConsumerMetrics } from "./metrics.ts";
export { natsAuthOf, type NatsAuth } from "./auth.ts";
export { withEventSpan } from "./event-span.ts";
