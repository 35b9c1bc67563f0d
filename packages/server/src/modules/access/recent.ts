import type { Generation } from "../../lib/generation.js";

interface Entry<V> {
  at: number;
  /** The write generation when the load started: any later committed write makes it stale. */
  generation: number;
  value: Promise<V>;
}

/**
 * What a request's authentication loaded from the database (a session and its person, an API
 * token), kept for the next requests of the same credential until anything is written (§6.4).
 *
 * A revocation, a disabled person, changed roles or unit: each is an audited commit, which bumps
 * the app's write generation (lib/audit.ts), here at once and on other replicas through the bus
 * (access/read-sync.ts), so the next request loads the row again and sees the change. `ttlMs`
 * bounds how long a change made behind the server's back (plain SQL) goes unseen, as the read
 * sets' (access/visible.ts). Concurrent requests of one credential share one load.
 */
export class Recent<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly generation: Generation,
    private readonly options: { ttlMs: number; max: number },
  ) {}

  /** The value for `key`, loaded by `load` unless a load since the last write is fresh. `keep(value)` false: not kept. */
  get(key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true, now = Date.now()): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.generation === this.generation.current() && now - hit.at < this.options.ttlMs) return hit.value;
    const entry: Entry<V> = { at: now, generation: this.generation.current(), value: load() };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.options.max) this.entries.delete(this.entries.keys().next().value!);
    entry.value.then(
      (value) => {
        if (!keep(value) && this.entries.get(key) === entry) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }
}
