import { expect } from "vitest";
import { createEvent, type DomainEvent, type EventData, type EventEnvelope, type EventOrigin, type EventType } from "@airbnb/events";
import { DomainError, type ErrorCode, type Sources } from "@airbnb/kernel";

/** The moment every use-case test starts at, unless it says otherwise. */
export const TEST_NOW = "2027-01-01T12:00:00.000Z";

/** The nth id (from 1) minted by test sources of a namespace (one hex digit): a UUID that reads as a counter. */
export const testId = (n: number, namespace = "0") => `${namespace.repeat(8)}-0000-4000-8000-${String(n).padStart(12, "0")}`;

export interface TestSources extends Sources {
  /** Moves the clock on. */
  advance(ms: number): void;
}

/** A clock standing still at `now` until moved, and ids counting up: every run decides and publishes the same. */
export function testSources(now: string = TEST_NOW, namespace = "0"): TestSources {
  let time = Date.parse(now);
  let minted = 0;
  return {
    clock: () => new Date(time),
    newId: () => testId(++minted, namespace),
    advance: (ms) => void (time += ms),
  };
}

const stamped = (id: string, at: string): Sources => ({ clock: () => new Date(at), newId: () => id });

/** An event as a scenario's sources mint it: with their nth id, at their time. */
export const minted = <T extends EventType>(n: number, type: T, data: EventData<T>, origin: EventOrigin, at = TEST_NOW): EventEnvelope<T> =>
  createEvent(type, data, origin, stamped(testId(n), at));

/** An event of the past a scenario is given, with ids of their own (namespace e) that no scenario mints. */
export const past = <T extends EventType>(n: number, type: T, data: EventData<T>, origin: EventOrigin, at = TEST_NOW): EventEnvelope<T> =>
  createEvent(type, data, origin, stamped(testId(n, "e"), at));

/** A context on in-memory ports. */
export interface SpecWorld {
  /** Every event the context committed with its changes (its outbox), oldest first. */
  readonly published: readonly DomainEvent[];
}

export interface SpecDefinition<W extends SpecWorld> {
  /** A fresh world around the sources a scenario runs on. */
  world: (sources: TestSources) => W;
  /** Brings the world to where a past event left it: as the context's consumer applies it, or as the state it stands for. */
  given?: (world: W, event: DomainEvent) => Promise<void> | void;
  now?: string;
}

interface Outcome<W, R> {
  world: W;
  result?: R;
  error?: unknown;
  /** The events committed by the `when` step alone. */
  published: DomainEvent[];
}

/**
 * Given events / when a command (or an event) / then the events it published and the state it left,
 * in the style of Oskar Dudycz's samples; each scenario runs on a fresh world with fixed time and ids.
 */
export function specification<W extends SpecWorld>(definition: SpecDefinition<W>) {
  return {
    given(...history: DomainEvent[]) {
      return {
        when<R>(act: (world: W) => Promise<R>) {
          const run = async (): Promise<Outcome<W, R>> => {
            const world = definition.world(testSources(definition.now));
            if (history.length > 0 && !definition.given) throw new Error("this specification takes no given events");
            for (const event of history) await definition.given!(world, event);
            const before = world.published.length;
            try {
              const result = await act(world);
              return { world, result, published: world.published.slice(before) };
            } catch (error) {
              return { world, error, published: world.published.slice(before) };
            }
          };
          return {
            /** The `when` step succeeded, published exactly `events` (in order), and `check` holds of its result and the world. */
            async then(events: DomainEvent[], check?: (result: R, world: W) => void | Promise<void>): Promise<void> {
              const outcome = await run();
              if ("error" in outcome) throw outcome.error;
              expect(outcome.published).toEqual(events);
              await check?.(outcome.result as R, outcome.world);
            },
            /** The `when` step was refused with the contract's `code`, having published `events` (none, unless it says). */
            async thenFails(code: ErrorCode, events: DomainEvent[] = [], check?: (error: DomainError, world: W) => void | Promise<void>): Promise<void> {
              const outcome = await run();
              if (!(outcome.error instanceof DomainError)) throw new Error(`expected ${code}, got ${outcome.error ? String(outcome.error) : JSON.stringify(outcome.result)}`);
              expect(outcome.error.code).toBe(code);
              expect(outcome.published).toEqual(events);
              await check?.(outcome.error, outcome.world);
            },
          };
        },
      };
    },
  };
}
