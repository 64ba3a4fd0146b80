/**
 * Where application code gets the time and new ids. A process injects the real
 * ones (`systemSources` of @airbnb/config, built once in the subgraph server);
 * a test injects fixed ones, so what a use case decides and the events it
 * publishes are the same on every run. Domain code takes plain values instead.
 */
export interface Sources {
  /** Now. */
  clock: () => Date;
  /** A new UUID. */
  newId: () => string;
}
