import { describe, expect, it } from "vitest";
import { appendCapped } from "../../features/indicators/useLiveReadings";
import { PALETTES } from "./chartTheme";
import { nextExtent } from "./IndicatorChart";
import type { TimePoint } from "./indicatorChartModel";
import { chartOption, liveUpdate, type ChartModel } from "./indicatorChartOption";

// Issue 13 item 4 (dashboard soak, §4.2.4 live charts on wall screens left open): the live
// buffers are capped and a reading merges only the changed series' data into the chart.

const model = (points: TimePoint[]): ChartModel => ({
  points,
  history: [],
  rules: [],
  lines: [],
  breaches: points.filter(([, v]) => v > 10).map(([t, v]) => ({ t, v, level: "WARNING" as const })),
  projection: null,
  extent: [0, 20],
  target: null,
  band: null,
});

describe("appendCapped: a live buffer never holds more than its cap", () => {
  it("keeps the newest points in order once full (fails if the buffer grows without bound)", () => {
    let list: TimePoint[] = [];
    for (let i = 0; i < 25; i++) list = appendCapped(list, [i, i], 10);
    expect(list).toHaveLength(10);
    expect(list[0]).toEqual([15, 15]);
    expect(list[9]).toEqual([24, 24]);
  });

  it("returns a new list and leaves the previous state untouched (React state)", () => {
    const before: TimePoint[] = [[1, 1]];
    const after = appendCapped(before, [2, 2], 10);
    expect(before).toHaveLength(1);
    expect(after).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });
});

describe("liveUpdate: a reading updates series data by id, not the whole option", () => {
  it("holds only the value line, the breach marks and the time axis end (fails if axes or styles ride along)", () => {
    const u = liveUpdate(
      model([
        [1, 5],
        [2, 12],
      ]),
      { c: PALETTES.dark, theme: "dark" },
    );
    expect(Object.keys(u).sort()).toEqual(["series", "xAxis"]);
    expect(u.series.map((x) => x.id)).toEqual(["value", "breach"]);
    expect(u.series[0].data).toEqual([
      [1, 5],
      [2, 12],
    ]);
    expect(u.series[1].data).toHaveLength(1);
    expect(u.xAxis.max).toBe(2);
  });

  it("addresses series the frame has, by the same ids, even with no breach yet", () => {
    const labels = { value: "v", range: "r", target: "t", projection: "p", breach: "b", levels: { WARNING: "W", CRITICAL: "C" } };
    const frame = chartOption(model([[1, 5]]), { c: PALETTES.dark, theme: "dark", interactive: false, labels, formatValue: String });
    const ids = (frame.series as { id: string }[]).map((x) => x.id);
    for (const x of liveUpdate(model([[1, 5]]), { c: PALETTES.dark, theme: "dark" }).series) expect(ids).toContain(x.id);
  });
});

describe("nextExtent: the frame's value range changes only when a value leaves it", () => {
  it("keeps the range for values inside and widens it, with room, for one outside (fails if every new maximum rebuilds the frame)", () => {
    expect(nextExtent([0, 10], [2, 8])).toEqual([0, 10]);
    expect(nextExtent([0, 10], [2, 12])).toEqual([0, 13.2]);
    expect(nextExtent([0, 10], [-2, 8])).toEqual([-3.2, 10]);
    expect(nextExtent(null, [2, 8])).toEqual([2, 8]);
  });
});
