/**
 * A counter of committed definition changes in this process. Caches derived from the graph's
 * shape (who may read which rows) compare it to know they may be stale.
 */
let generation = 0;

export const bumpGeneration = (): number => ++generation;
export const currentGeneration = (): number => generation;
