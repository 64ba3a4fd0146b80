export { eventCatalog, flowKeys, isEventType, type EventType, type EventData, type EventSource, type Flow } from "./catalog.ts";
export { createEvent, parseEvent, subjectOf, type DomainEvent, type EventEnvelope, type EventOrigin, type ParsedEvent } from "./envelope.ts";
export { combineHandlers, dispatch, everyType, handlerOf, ignore, orderingKeyOf, type DeliveredBy, type EventHandler, type EventHandlers, type EventOf, type HandlerTable } from "./handlers.ts";
export { noticeCatalog, noticeFilter, noticeSubject, parseNotice, type NoticeData, type NoticeType } from "./notices.ts";
