/**
 * One shape for the server's background loops (the monitoring checks, the outbox sender, the
 * report schedules, the reading partitions): a pass on a timer that never overlaps itself in one
 * process, whose errors are reported and do not stop the loop, and whose stop waits for the
 * running pass. Across replicas the passes themselves act once (each module's own locks).
 */
import { Cron } from "croner";

export interface PeriodicOptions {
  /** Run a pass every this many ms (setInterval: croner counts whole seconds, tests tick faster). */
  everyMs?: number;
  /** Or on this cron pattern (croner), e.g. `* * * * *` for every minute. */
  cron?: string;
  /** Run a first pass at once instead of waiting for the first tick. */
  immediately?: boolean;
  /** Receives an error a pass threw; the loop keeps running. */
  onError: (error: unknown) => void;
}

export interface Periodic {
  /** Runs one pass now (waits for a running one instead of overlapping it; nothing once stopped). */
  tick(): Promise<void>;
  /** Stops the timer and waits for a running pass to finish. */
  stop(): Promise<void>;
}

/**
 * Starts `pass` on `everyMs` or `cron`. The pass gets a signal that aborts on `stop()`, so a long
 * pass (a batch loop) can end between its steps.
 */
export function startPeriodic(pass: (signal: AbortSignal) => Promise<void>, options: PeriodicOptions): Periodic {
  const { everyMs, cron, onError } = options;
  if ((everyMs === undefined) === (cron === undefined)) throw new Error("startPeriodic: give everyMs or cron, not both");
  const stopping = new AbortController();
  let running: Promise<void> | null = null;

  const tick = (): Promise<void> => {
    if (running) return running;
    if (stopping.signal.aborted) return Promise.resolve();
    running = pass(stopping.signal)
      .catch(onError)
      .finally(() => {
        running = null;
      });
    return running;
  };

  let cancel: () => void;
  if (cron !== undefined) {
    const job = new Cron(cron, { unref: true }, () => void tick());
    cancel = () => job.stop();
  } else {
    const timer = setInterval(() => void tick(), everyMs);
    timer.unref?.();
    cancel = () => clearInterval(timer);
  }
  if (options.immediately) void tick();

  return {
    tick,
    async stop() {
      stopping.abort();
      cancel();
      if (running) await running;
    },
  };
}
