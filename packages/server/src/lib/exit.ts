/**
 * Exit paths of the processes that open the database (`pnpm db:deploy`, `pnpm db:seed`, the
 * server): an embedded database must be closed before the process ends, or its files may be
 * left half-written (docs/operations.md, "Migrations").
 */

const closers = new Set<() => Promise<void>>();
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
let closing = false;
let installed = false;

/**
 * Closes `close` (an open database, a server) before the process ends on SIGINT, SIGTERM or
 * SIGHUP, then exits with 128 + the signal's number. Further signals while it closes are
 * ignored: Ctrl-C reaches every process of `npm start` and each passes it on, so the server gets
 * it more than once, and the second must not kill it half-way. Returns a function that
 * unregisters `close` (call it once closed normally).
 */
export function closeOnSignal(close: () => Promise<void>): () => void {
  if (!installed) {
    installed = true;
    for (const [signal, number] of Object.entries(SIGNALS)) {
      process.on(signal, () => void closeAndExit(128 + number));
    }
  }
  closers.add(close);
  return () => closers.delete(close);
}

async function closeAndExit(code: number) {
  if (closing) return;
  closing = true;
  for (const close of closers) await close().catch((error: unknown) => console.error("Closing failed:", error));
  process.exit(code);
}
