import { describe, expect, it } from "vitest";
import { LIVE_RECENT, lastReading, pushReading, readingsAfter, type LiveFeed } from "./useLiveReadings";

// Issue 13 item 4: the live feed per indicator keeps a fixed ring of the last readings (the charts
// fold each reading into their buckets), and the tile's value stays the last reading posted.

const collect = (feed: LiveFeed | undefined, done: number) => {
  const out: [number, number][] = [];
  const complete = readingsAfter(feed, done, (t, v) => out.push([t, v]));
  return { out, complete };
};

describe("live feed: a fixed ring, the last reading exact", () => {
  it("counts every reading and gives the last one exactly (the tile's value)", () => {
    let feed: LiveFeed | undefined;
    expect(lastReading(feed)).toBeNull();
    for (let i = 1; i <= 1_000; i++) feed = pushReading(feed, i * 1000, i + 0.125);
    expect(feed!.seq).toBe(1_000);
    expect(lastReading(feed)).toEqual([1_000_000, 1_000.125]);
  });

  it("never grows: the ring keeps LIVE_RECENT readings however many arrive (fails if it holds one per reading)", () => {
    let feed: LiveFeed | undefined;
    for (let i = 0; i < 10_000; i++) feed = pushReading(feed, i, i);
    expect(feed!.t.length).toBe(LIVE_RECENT);
    expect(feed!.v.length).toBe(LIVE_RECENT);
  });

  it("gives the readings after the ones a chart has folded, oldest first", () => {
    let feed: LiveFeed | undefined;
    for (let i = 0; i < 5; i++) feed = pushReading(feed, i, i * 10);
    expect(collect(feed, 3)).toEqual({
      out: [
        [3, 30],
        [4, 40],
      ],
      complete: true,
    });
    expect(collect(feed, 5)).toEqual({ out: [], complete: true });
  });

  it("says so when readings a chart had not folded have left the ring (the chart then refetches its history)", () => {
    let feed: LiveFeed | undefined;
    for (let i = 0; i < LIVE_RECENT + 3; i++) feed = pushReading(feed, i, i);
    const { out, complete } = collect(feed, 1);
    expect(complete).toBe(false);
    expect(out).toHaveLength(LIVE_RECENT);
    expect(out[0]).toEqual([3, 3]);
    expect(collect(feed, 3).complete).toBe(true);
  });
});
