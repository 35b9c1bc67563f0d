/**
 * The background loops' one timer shape (§5.3.1 checks, §6.2.2 sender, §6.3.1 report schedules):
 * a pass never overlaps itself, a failed pass does not end the loop, and stop() waits for the
 * running pass and runs no more.
 */
import { describe, expect, it } from "vitest";
import { startPeriodic } from "./periodic.js";

const HOUR = 3_600_000;

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

describe("startPeriodic", () => {
  it("a tick during a running pass joins it instead of starting a second one", async () => {
    const g = gate();
    let passes = 0;
    const loop = startPeriodic(
      async () => {
        passes++;
        await g.opened;
      },
      { everyMs: HOUR, onError: (e) => expect.fail(String(e)) },
    );
    const a = loop.tick();
    const b = loop.tick();
    expect(a).toBe(b);
    g.open();
    await a;
    expect(passes).toBe(1);
    await loop.tick();
    expect(passes).toBe(2);
    await loop.stop();
  });

  it("an error goes to onError and the next pass still runs", async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const loop = startPeriodic(
      async () => {
        passes++;
        if (passes === 1) throw new Error("first pass fails");
      },
      { everyMs: HOUR, onError: (e) => errors.push(e) },
    );
    await loop.tick();
    await loop.tick();
    expect(errors.map((e) => (e as Error).message)).toEqual(["first pass fails"]);
    expect(passes).toBe(2);
    await loop.stop();
  });

  it("stop() aborts the pass's signal, waits for it, and later ticks run nothing", async () => {
    const g = gate();
    const seen: boolean[] = [];
    let passes = 0;
    const loop = startPeriodic(
      async (signal) => {
        passes++;
        await g.opened;
        seen.push(signal.aborted);
      },
      { cron: "0 0 1 1 *", immediately: true, onError: (e) => expect.fail(String(e)) },
    );
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    g.open();
    await stopping;
    expect(seen).toEqual([true]);
    await loop.tick();
    expect(passes).toBe(1);
  });

  it("takes exactly one of everyMs and cron", () => {
    expect(() => startPeriodic(async () => {}, { onError: () => {} })).toThrow(/everyMs or cron/);
    expect(() => startPeriodic(async () => {}, { everyMs: 1, cron: "* * * * *", onError: () => {} })).toThrow(/everyMs or cron/);
  });
});
