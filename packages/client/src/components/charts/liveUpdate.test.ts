import { describe, expect, it } from "vitest";
import { PALETTES } from "./chartTheme";
import { nextExtent } from "./IndicatorChart";
import type { TimePoint } from "./indicatorChartModel";
import { chartOption, liveUpdate, type ChartModel } from "./indicatorChartOption";

// Issue 13 item 4 (dashboard soak, §4.2.4 live charts on wall screens left open): a reading
// merges only the changed series' data into the chart (bucketSeries.test.ts pins the buckets).

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

describe("liveUpdate: a reading updates series data by id, not the whole option", () => {
  it("holds only the value line, the breach marks, the min–max band's data and the time axis end (fails if axes or styles ride along)", () => {
    const u = liveUpdate(
      model([
        [1, 5],
        [2, 12],
      ]),
      { c: PALETTES.dark, theme: "dark" },
    );
    expect(Object.keys(u).sort()).toEqual(["series", "xAxis"]);
    expect(u.series.map((x) => x.id)).toEqual(["value", "breach", "min", "range"]);
    expect(u.series[0].data).toEqual([
      [1, 5],
      [2, 12],
    ]);
    expect(u.series[1].data).toHaveLength(1);
    for (const x of u.series) expect(Object.keys(x).filter((k) => k !== "id" && k !== "data" && k !== "showSymbol")).toEqual([]);
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
