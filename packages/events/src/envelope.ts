import { z } from "zod";
import type { Sources } from "@airbnb/kernel";
import { eventCatalog, isEventType, type EventData, type EventType } from "./catalog.ts";

/** The JSON envelope of CONTRACT.md, typed by event type. */
export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: 1;
  occurredAt: string;
  source: string;
  correlationId: string;
  causationId: string;
  data: EventData<T>;
}

/** The discriminated union of every event: `switch (event.type)` narrows `data`. */
export type DomainEvent = { [T in EventType]: EventEnvelope<T> }[EventType];

export interface EventOrigin {
  correlationId: string;
  causationId: string;
}

/** A new event, its id and time from the caller's sources (fixed ones in a test, so the event is too). */
export function createEvent<T extends EventType>(type: T, data: EventData<T>, origin: EventOrigin, sources: Sources): EventEnvelope<T> {
  return {
    id: sources.newId(),
    type,
    version: 1,
    occurredAt: sources.clock().toISOString(),
    source: eventCatalog[type].source,
    ...origin,
    data,
  };
}

const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  version: z.literal(1),
  occurredAt: z.iso.datetime(),
  source: z.string(),
  correlationId: z.string(),
  causationId: z.string(),
  data: z.unknown(),
});

export type ParsedEvent = { ok: true; event: DomainEvent } | { ok: false; reason: string };

/** Validates bytes from the wire against the envelope and the catalog; never throws. */
export function parseEvent(raw: string): ParsedEvent {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: `bad envelope: ${envelope.error.issues[0]?.message}` };
  const { type } = envelope.data;
  if (!isEventType(type)) return { ok: false, reason: `unknown event type ${type}` };
  const data = eventCatalog[type].data.safeParse(envelope.data.data);
  if (!data.success) {
    const issue = data.error.issues[0];
    return { ok: false, reason: `bad ${type} data: ${issue?.path.join(".")} ${issue?.message}` };
  }
  return { ok: true, event: { ...envelope.data, type, data: data.data } as DomainEvent };
}

export const subjectOf = (prefix: string, type: EventType) => `${prefix}.${eventCatalog[type].subject}`;
