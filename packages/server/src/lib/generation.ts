/**
 * A counter of committed changes that may change who reads what. Caches derived from the graph's
 * shape (the read sets of `access/visible.ts`) are valid only for the generation they were
 * loaded at: a reclassification takes effect at the next check, not after a timeout.
 *
 * One per app (issue 9 item 4: two apps in one process do not share it). `audited` reaches it
 * from the database client it writes through (`generationOf`): the app registers its own
 * generation for its client, so every audited commit through the app bumps the app's counter.
 */
export class Generation {
  private value = 0;
  private readonly listeners = new Set<() => void>();

  /** After a local commit: a new generation here, and told to the listeners (other replicas, via the event bus). */
  bump(): number {
    this.value++;
    for (const listener of this.listeners) listener();
    return this.value;
  }

  /** A commit on another replica: a new generation here, not told on again. */
  bumpFromElsewhere(): number {
    return ++this.value;
  }

  current(): number {
    return this.value;
  }

  /** Calls `listener` after every local bump; returns the function that stops it. */
  onBump(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const byClient = new WeakMap<object, Generation>();

/** The generation of the app writing through this database client (made on first use). */
export function generationOf(prisma: object): Generation {
  let generation = byClient.get(prisma);
  if (!generation) {
    generation = new Generation();
    byClient.set(prisma, generation);
  }
  return generation;
}
