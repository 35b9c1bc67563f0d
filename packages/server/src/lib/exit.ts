/**
 * Exit paths of the start scripts (`pnpm db:deploy`, `pnpm db:seed`): an embedded database must
 * be closed before the process ends, or its files may be left half-written (docs/operations.md).
 */

const closers = new Set<() => Promise<void>>();
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
let installed = false;

/**
 * Closes `close` (an open database) before the process ends on SIGINT, SIGTERM or SIGHUP, then
 * exits with 128 + the signal's number. A second signal ends the process at once. Returns a
 * function that unregisters it (call it once the database is closed normally).
 */
export function closeOnSignal(close: () => Promise<void>): () => void {
  if (!installed) {
    installed = true;
    for (const [signal, number] of Object.entries(SIGNALS)) {
      process.once(signal, async () => {
        for (const c of closers) await c().catch(() => {});
        process.exit(128 + number);
      });
    }
  }
  closers.add(close);
  return () => closers.delete(close);
}
