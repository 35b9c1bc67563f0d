// @vitest-environment happy-dom
import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
// happy-dom has no 2D canvas; this gives ECharts one that draws nowhere.
import "vitest-canvas-mock";
import { echarts } from "./echarts";
import { IndicatorChart, type IndicatorChartLabels, type IndicatorChartProps } from "./IndicatorChart";

// Issue 13 item 4 (§4.2.4 live charts on screens left open for weeks): a live reading updates the
// chart by merging the changed series' data; the option is not rebuilt and replaced per reading.

const labels: IndicatorChartLabels = {
  value: "Value",
  range: "Range",
  target: "Target",
  projection: "Projection",
  breach: "Breach",
  levels: { WARNING: "Warning", CRITICAL: "Critical" },
  noData: "No data",
  resetZoom: "Reset",
  crossing: () => "",
};
const rule = { level: "WARNING" as const, enabled: true, band: { lines: [80], zones: [{ from: 80, to: null }] } };
const history = [
  { t: 1_000, min: 40, max: 60, avg: 50, count: 3 },
  { t: 2_000, min: 45, max: 90, avg: 55, count: 3 },
];
const props = (live: IndicatorChartProps["live"]): IndicatorChartProps => ({
  history,
  live,
  // A new array with the same content, as callers build it per render.
  rules: [{ ...rule }],
  theme: "dark",
  labels,
  formatValue: String,
  formatTime: String,
  ariaLabel: "chart",
});

describe("IndicatorChart: live readings merge series data", () => {
  it("failure pinned: every reading rebuilt and replaced the whole option — later readings only merge the value and breach series by id", () => {
    const calls: { option: Record<string, unknown>; opts: unknown }[] = [];
    const { rerender, container } = render(<IndicatorChart {...props([[3_000, 56]])} />);
    const chart = echarts.getInstanceByDom(container.querySelector(".indicator-chart__canvas") as HTMLElement)!;
    expect(chart).toBeTruthy();
    const setOption = chart.setOption.bind(chart);
    chart.setOption = ((option: Record<string, unknown>, opts?: unknown) => {
      calls.push({ option, opts });
      return setOption(option as never, opts as never);
    }) as typeof chart.setOption;
    const frames = () => calls.filter((c) => (c.opts as { replaceMerge?: unknown } | undefined)?.replaceMerge).length;

    rerender(
      <IndicatorChart
        {...props([
          [3_000, 56],
          [4_000, 58],
        ])}
      />,
    );
    rerender(
      <IndicatorChart
        {...props([
          [3_000, 56],
          [4_000, 58],
          [5_000, 85],
        ])}
      />,
    );
    expect(calls.length).toBeGreaterThan(0);
    expect(frames()).toBe(0);
    const last = calls[calls.length - 1].option as { series: { id: string; data: unknown[] }[] };
    expect(Object.keys(last).sort()).toEqual(["series", "xAxis"]);
    expect(last.series.map((s) => s.id)).toEqual(["value", "breach", "min", "range"]);
    expect(last.series[0].data).toHaveLength(5);
    expect(last.series[1].data).toHaveLength(1);

    // A value outside the frame's range widens the axis: that one rebuilds the frame.
    rerender(
      <IndicatorChart
        {...props([
          [3_000, 56],
          [4_000, 58],
          [5_000, 85],
          [6_000, 400],
        ])}
      />,
    );
    expect(frames()).toBe(1);
  });

  it("failure pinned: folded buckets (a new history per reading) rebuilt the frame — with the same `frame` they only merge the series' data", () => {
    const calls: { option: Record<string, unknown>; opts: unknown }[] = [];
    const frame = history;
    const folded = (avg: number, count: number) => [history[0], { ...history[1], avg, count, max: Math.max(90, avg) }];
    const { rerender, container } = render(<IndicatorChart {...props([])} history={folded(55, 3)} frame={frame} />);
    const chart = echarts.getInstanceByDom(container.querySelector(".indicator-chart__canvas") as HTMLElement)!;
    const setOption = chart.setOption.bind(chart);
    chart.setOption = ((option: Record<string, unknown>, opts?: unknown) => {
      calls.push({ option, opts });
      return setOption(option as never, opts as never);
    }) as typeof chart.setOption;
    rerender(<IndicatorChart {...props([])} history={folded(56, 4)} frame={frame} />);
    rerender(<IndicatorChart {...props([])} history={folded(57, 5)} frame={frame} />);
    expect(calls.filter((c) => (c.opts as { replaceMerge?: unknown } | undefined)?.replaceMerge)).toHaveLength(0);
    const last = calls[calls.length - 1].option as { series: { id: string; data: [number, number][] }[] };
    expect(last.series[0].data).toEqual([
      [1_000, 50],
      [2_000, 57],
    ]);
    expect(container.querySelector("[data-points]")?.getAttribute("data-points")).toBe("2");
  });
});
