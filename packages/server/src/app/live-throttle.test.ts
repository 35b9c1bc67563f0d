import { InMemoryLiveQueryStore } from "@n1ru4l/in-memory-live-query-store";
import { buildSchema, execute, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { liveThrottle } from "./live-queries.js";

/**
 * Issue 14 item 5 (§4.1.2: a warning on screen within a second): a live query invalidated inside
 * its throttle window must be re-executed when the window ends. The store's throttle dropped that
 * trailing run whenever its timer fired a moment "early" by the wall clock, so a reading right
 * after a live query's result went unnoticed for good (the SSE live-query tests had to post readings until one was re-sent). Node fires a timer
 * by its monotonic clock, up to a millisecond before `Date.now()` says the time has come, and the
 * store compared with `Date.now()` measured after the previous run's synchronous part. Fixed by
 * patches/@n1ru4l__in-memory-live-query-store@0.10.0.patch.
 */
describe("live query throttle", () => {
  const schema = buildSchema("directive @live(throttle: Int) on QUERY\ntype Query { n: Int }");
  let n = 0;
  const rootValue = { n: () => n };

  async function next(results: AsyncIterator<unknown>, ms: number): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve("no result"), ms);
    });
    try {
      return await Promise.race([results.next().then((r) => (r.value as { data: unknown }).data), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  it("re-executes after the window every query invalidated inside it (200 changes, none dropped)", async () => {
    // A short window so that 200 changes run quickly; each lands 3 ms after the previous result,
    // inside the window, so each is a trailing run. Before the fix 89 of 200 were dropped here.
    const throttleMs = 10;
    const store = new InMemoryLiveQueryStore({ validateThrottleValue: () => throttleMs });
    const liveExecute = store.makeExecute(execute);
    const results = (await liveExecute({ schema, rootValue, document: parse("query @live { n }") })) as AsyncIterableIterator<unknown>;
    try {
      expect(await next(results, 5_000)).toEqual({ n: 0 });
      const delivered: unknown[] = [];
      for (let i = 1; i <= 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 3));
        n = i;
        await store.invalidate("Query.n");
        const result = await next(results, 2_000);
        delivered.push(result);
        if (result === "no result") break;
      }
      expect(delivered).toEqual(Array.from({ length: 200 }, (_v, i) => ({ n: i + 1 })));
    } finally {
      await results.return?.();
    }
  });

  it("still runs at most once per window however many changes arrive in it", async () => {
    const throttleMs = 300;
    const store = new InMemoryLiveQueryStore({ validateThrottleValue: () => throttleMs });
    let executions = 0;
    const counted = { n: () => ++executions };
    const liveExecute = store.makeExecute(execute);
    const results = (await liveExecute({ schema, rootValue: counted, document: parse("query @live { n }") })) as AsyncIterableIterator<unknown>;
    try {
      expect(await next(results, 5_000)).toEqual({ n: 1 });
      for (let i = 0; i < 20; i++) await store.invalidate("Query.n");
      expect(await next(results, 5_000)).toEqual({ n: 2 });
      expect(await next(results, throttleMs * 2)).toBe("no result");
      expect(executions).toBe(2);
    } finally {
      await results.return?.();
    }
  });

  it("issue 14 item 5: a client may ask @live(throttle:) for a longer window, never a shorter one than the server's (fails if `throttle: 0` re-sends on every change)", () => {
    expect(liveThrottle(undefined, 1000)).toBe(1000);
    expect(liveThrottle(0, 1000)).toBe(1000);
    expect(liveThrottle(10, 1000)).toBe(1000);
    expect(liveThrottle(5000, 1000)).toBe(5000);
  });
});
