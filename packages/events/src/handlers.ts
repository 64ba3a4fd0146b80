import { eventCatalog, type EventType } from "./catalog.ts";
import type { EventEnvelope } from "./envelope.ts";

type SubjectOf<T extends EventType> = (typeof eventCatalog)[T]["subject"];

/** Whether a NATS filter (tokens split on ".", `*` one token, `>` the rest) takes a subject. */
type Matches<Subject extends string, Filter extends string> = Filter extends ">"
  ? true
  : Filter extends `${infer Head}.${infer Rest}`
    ? Subject extends `${infer SubjectHead}.${infer SubjectRest}`
      ? Head extends "*" | SubjectHead
        ? Matches<SubjectRest, Rest>
        : false
      : false
    : Subject extends `${string}.${string}`
      ? false
      : Filter extends "*" | Subject
        ? true
        : false;

/**
 * The event types a subject filter (below the prefix, as a consumer's `filter`)
 * can deliver, from the catalog's subjects: "payment.>" is the payment events,
 * ">" every event. A filter known only as `string` may deliver anything.
 */
export type DeliveredBy<Filter extends string> = string extends Filter
  ? EventType
  : { [T in EventType]: Matches<SubjectOf<T>, Filter> extends true ? T : never }[EventType];

/** The discriminated union of the events of the given types: `switch (event.type)` narrows `data`. */
export type EventOf<T extends EventType> = { [K in T]: EventEnvelope<K> }[T];

/** Marks an event type a consumer receives and leaves alone, on purpose. */
export const ignore: unique symbol = Symbol("ignore");

export type EventHandler<T extends EventType> = (event: EventEnvelope<T>) => Promise<void>;

/**
 * What a consumer does with each type it can receive: its handler, or `ignore`.
 * Every type must be named, so an event type added to the catalog under a
 * consumer's filter fails to compile until someone decides what it does there.
 */
export type EventHandlers<T extends EventType> = { readonly [K in T]: EventHandler<K> | typeof ignore };

/** Any consumer's handlers, once `EventHandlers` has checked them. */
export type HandlerTable = { readonly [K in EventType]?: EventHandler<K> | typeof ignore };

type AnyHandler = (event: EventOf<EventType>) => Promise<void>;

/** The handler of the event's type; undefined for a type the table does not name (the compiler let a `string` filter through). */
export function handlerOf(handlers: HandlerTable, event: { type: EventType }): AnyHandler | typeof ignore | undefined {
  // The table maps each type to a handler of that type; TypeScript cannot follow the correlation.
  return handlers[event.type] as AnyHandler | typeof ignore | undefined;
}

/**
 * Runs the event's handler: the entry point of a policy whose `handlers` a
 * consumer uses. An event of a type the handlers do not name is refused.
 */
export async function dispatch<T extends EventType>(handlers: EventHandlers<T>, event: EventOf<EventType>): Promise<void> {
  const handler = handlerOf(handlers as HandlerTable, event);
  if (handler === undefined) throw new Error(`no handler for ${event.type}`);
  if (handler !== ignore) await handler(event);
}

/** The same handler for every type, e.g. for a log of every event: a type added to the catalog is handled by it too. */
export function everyType(handler: (event: EventOf<EventType>) => Promise<void>): EventHandlers<EventType> {
  return Object.fromEntries(Object.keys(eventCatalog).map((type) => [type, handler])) as EventHandlers<EventType>;
}

/** One table that runs, for each type, every table's handler of it at once (one consumer feeding two read models). */
export function combineHandlers<T extends EventType>(...tables: Array<EventHandlers<T>>): EventHandlers<T> {
  const types = Object.keys(tables[0] ?? {}) as T[];
  return Object.fromEntries(
    types.map((type) => {
      const handlers = tables.map((table) => handlerOf(table as HandlerTable, { type })).filter((handler) => handler !== ignore && handler !== undefined);
      const combined = handlers.length ? async (event: EventOf<EventType>) => void (await Promise.all(handlers.map((handler) => handler(event)))) : ignore;
      return [type, combined];
    }),
  ) as EventHandlers<T>;
}

/** The ordering key the catalog names for the event: its events are applied in stream order. */
export function orderingKeyOf(event: EventOf<EventType>): string {
  return (event.data as Record<string, string>)[eventCatalog[event.type].key]!;
}
