import { describe, expect, it } from "vitest";
import { BucketSeries } from "./bucketSeries";

// Issue 13 item 4 (§4.2.4 live charts on wall screens left open for weeks): a chart folds live
// readings into its `series` buckets, so what it keeps is bounded by its window's bucket count
// whatever the run length (the 30-minute soak grew +44.7 % while raw live points piled up).

const grid = { from: 0, width: 100, buckets: 4 };

describe("BucketSeries.fold: a reading updates its bucket or opens the next one", () => {
  it("folds readings of one bucket into its count, min, max and average (fails if each reading is kept as a point)", () => {
    const s = BucketSeries.of(grid, [{ t: 0, min: 10, max: 20, avg: 15, count: 2 }]);
    s.fold(50, 30);
    s.fold(99, 5);
    expect(s.length).toBe(1);
    expect(s.toBuckets()).toEqual([{ t: 0, min: 5, max: 30, avg: (10 + 20 + 30 + 5) / 4, count: 4 }]);
  });

  it("opens the bucket a reading falls in on the history's grid, after the last one", () => {
    const s = BucketSeries.of(grid, [{ t: 0, min: 1, max: 1, avg: 1, count: 1 }]);
    s.fold(250, 7);
    expect(s.toBuckets().map((b) => [b.t, b.avg, b.count])).toEqual([
      [0, 1, 1],
      [200, 7, 1],
    ]);
  });

  it("keeps at most the window's number of buckets, dropping the oldest, however many readings arrive (fails if it grows without bound)", () => {
    const s = new BucketSeries(grid);
    for (let t = 0; t < 100_000; t += 7) s.fold(t, t % 13);
    expect(s.length).toBe(4);
    const b = s.toBuckets();
    expect(b.map((x) => x.t)).toEqual([99_600, 99_700, 99_800, 99_900]);
    let inWindow = 0;
    for (let t = 0; t < 100_000; t += 7) if (t >= 99_600) inWindow++;
    expect(b.reduce((n, x) => n + x.count, 0)).toBe(inWindow);
  });

  it("places a late reading in its own bucket between the ones kept, in time order", () => {
    const s = new BucketSeries(grid);
    s.fold(10, 1);
    s.fold(310, 3);
    s.fold(150, 2);
    expect(s.toBuckets().map((b) => [b.t, b.avg])).toEqual([
      [0, 1],
      [100, 2],
      [300, 3],
    ]);
  });

  it("ignores a reading older than every bucket once the series is full, and non-finite values", () => {
    const s = new BucketSeries(grid);
    for (const t of [1_000, 1_100, 1_200, 1_300]) s.fold(t, 1);
    const version = s.version;
    expect(s.fold(500, 9)).toBe(false);
    expect(s.fold(1_350, Number.NaN)).toBe(false);
    expect(s.version).toBe(version);
    expect(s.toBuckets().map((b) => b.t)).toEqual([1_000, 1_100, 1_200, 1_300]);
  });

  it("reads the history's bucket starts back to their index on a fractional grid (the server floors them to the millisecond)", () => {
    const g = { from: 0, width: 1000 / 3, buckets: 3 };
    const s = BucketSeries.of(g, [
      { t: 0, min: 1, max: 1, avg: 1, count: 1 },
      { t: Math.floor(1000 / 3), min: 2, max: 2, avg: 2, count: 1 },
      { t: Math.floor(2000 / 3), min: 3, max: 3, avg: 3, count: 1 },
    ]);
    // 666 ms lies in bucket 1 (333.3…666.6): folded there, not into a new bucket.
    s.fold(666, 4);
    expect(s.toBuckets().map((b) => [b.t, b.count])).toEqual([
      [0, 1],
      [333, 2],
      [666, 1],
    ]);
  });
});
