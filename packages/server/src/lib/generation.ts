/**
 * A counter of committed changes that may change who reads what. Caches derived from the graph's
 * shape (the read sets of `access/visible.ts`) are valid only for the generation they were
 * loaded at: a reclassification takes effect at the next check, not after a timeout.
 */
let generation = 0;
const listeners = new Set<() => void>();

/** After a local commit: a new generation here, and told to the listeners (other replicas, via the event bus). */
export const bumpGeneration = (): number => {
  generation++;
  for (const listener of listeners) listener();
  return generation;
};

/** A commit on another replica: a new generation here, not told on again. */
export const bumpGenerationFromElsewhere = (): number => ++generation;

export const currentGeneration = (): number => generation;

/** Calls `listener` after every local bump; returns the function that stops it. */
export function onGenerationBump(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
