// @vitest-environment happy-dom
import { renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { HistoryBucket } from "../../components/charts/IndicatorChart";
import { useFoldedHistory } from "./useIndicatorHistory";
import { LIVE_RECENT, pushReading, type LiveFeed } from "./useLiveReadings";

// Issue 13 item 4 (§4.2.4 live charts on screens left open): a tile's chart shows its history's
// buckets with every live reading folded in, keeps no raw points, and rebuilds its frame only when
// the history is fetched again.

const grid = { from: 0, width: 1_000, buckets: 3 };
const history: HistoryBucket[] = [{ t: 0, min: 10, max: 10, avg: 10, count: 1 }];

function setup() {
  let refetches = 0;
  const h = { buckets: history, grid, lastObservedAt: 0, refetch: () => refetches++ };
  const hook = renderHook(({ feed, hist }: { feed: LiveFeed | undefined; hist: typeof h }) => useFoldedHistory(hist, feed), {
    initialProps: { feed: undefined as LiveFeed | undefined, hist: h },
  });
  return { hook, h, refetches: () => refetches };
}

describe("useFoldedHistory", () => {
  it("folds each reading into the buckets on the history's grid, with the same frame (fails if readings are drawn as raw points or rebuild the frame)", () => {
    const { hook, h } = setup();
    const frame = hook.result.current.frame;
    let feed = pushReading(undefined, 500, 20);
    hook.rerender({ feed, hist: h });
    feed = pushReading(feed, 1_500, 30);
    feed = pushReading(feed, 2_500, 40);
    // Two readings between renders: both folded.
    hook.rerender({ feed, hist: h });
    expect(hook.result.current.buckets.map((b) => [b.t, b.avg, b.count])).toEqual([
      [0, 15, 2],
      [1_000, 30, 1],
      [2_000, 40, 1],
    ]);
    expect(hook.result.current.frame).toBe(frame);
    // The next bucket drops the oldest: three buckets at most.
    hook.rerender({ feed: pushReading(feed, 3_100, 50), hist: h });
    expect(hook.result.current.buckets.map((b) => b.t)).toEqual([1_000, 2_000, 3_000]);
  });

  it("starts again from a refetched history, taking the readings received before it as counted in it", () => {
    const { hook, h } = setup();
    const feed = pushReading(undefined, 500, 20);
    hook.rerender({ feed, hist: h });
    const refetched = { ...h, buckets: [{ t: 0, min: 10, max: 20, avg: 15, count: 2 }], lastObservedAt: 500 };
    hook.rerender({ feed, hist: refetched });
    expect(hook.result.current.buckets).toBe(refetched.buckets);
    expect(hook.result.current.frame).toBe(refetched.buckets);
    hook.rerender({ feed: pushReading(feed, 600, 30), hist: refetched });
    expect(hook.result.current.buckets.map((b) => [b.avg, b.count])).toEqual([[20, 3]]);
  });

  it("folds a reading that arrived before the refetched history was drawn but is newer than the newest it counts (fails: the soak of 30 Nov lost one such reading at a reconnect)", () => {
    const { hook, h } = setup();
    let feed = pushReading(undefined, 500, 20);
    feed = pushReading(feed, 1_200, 30);
    hook.rerender({ feed, hist: h });
    // The server counted the reading at 500 ms, not the one at 1,200 ms.
    const refetched = { ...h, buckets: [{ t: 0, min: 10, max: 20, avg: 15, count: 2 }], lastObservedAt: 500 };
    hook.rerender({ feed, hist: refetched });
    expect(hook.result.current.buckets.map((b) => [b.t, b.avg, b.count])).toEqual([
      [0, 15, 2],
      [1_000, 30, 1],
    ]);
  });

  it("asks for the history again when more readings arrived between two renders than the feed keeps (fails if they are silently lost)", () => {
    const { hook, h, refetches } = setup();
    let feed: LiveFeed | undefined;
    for (let i = 0; i < LIVE_RECENT + 5; i++) feed = pushReading(feed, 100 + i, 1);
    hook.rerender({ feed, hist: h });
    expect(refetches()).toBe(1);
  });
});
