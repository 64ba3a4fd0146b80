export { eventCatalog, isEventType, type EventType, type EventData, type EventSource } from "./catalog.ts";
export { createEvent, parseEvent, subjectOf, type DomainEvent, type EventEnvelope, type EventOrigin, type ParsedEvent } from "./envelope.ts";
