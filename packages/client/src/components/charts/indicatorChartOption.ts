/**
 * The ECharts option of an indicator's chart, piece by piece: the min–max band, the value line
 * with threshold lines and bad zones, the breach marks and the trend projection.
 */
import { withAlpha, type ChartPalette, type ChartTheme } from "./chartTheme";
import { breachZones, type ChartLevel, type ThresholdLine, type TimePoint } from "./indicatorChartModel";
import type { ChartRule } from "./indicatorChartModel";

/** One bucket of history (from the API's `series`), at its start time. */
export interface HistoryBucket {
  t: number;
  min: number;
  max: number;
  avg: number;
  count: number;
}

/** What the option is drawn from. */
export interface ChartModel {
  points: TimePoint[];
  history: readonly HistoryBucket[];
  rules: readonly ChartRule[];
  lines: ThresholdLine[];
  breaches: { t: number; v: number; level: ChartLevel }[];
  projection: [TimePoint, TimePoint] | null;
  extent: [number, number] | null;
  target: number | null;
  /** The target band [low, high], when the indicator has one. */
  band: [number, number] | null;
}

export interface ChartStyle {
  c: ChartPalette;
  theme: ChartTheme;
  interactive: boolean;
  labels: { value: string; range: string; target: string; projection: string; breach: string; levels: Record<ChartLevel, string> };
  formatValue(v: number): string;
}

const levelColour = (c: ChartPalette, level: ChartLevel) => (level === "CRITICAL" ? c.critical : c.warning);

/** The min–max band's data: its base at min and the span stacked on top; empty while no bucket has a spread. */
function rangeData(history: readonly HistoryBucket[]): { min: [number, number][]; range: [number, number][] } {
  if (!history.some((b) => b.count > 1 && b.max > b.min)) return { min: [], range: [] };
  return { min: history.map((b) => [b.t, b.min]), range: history.map((b) => [b.t, b.max - b.min]) };
}

/**
 * The min–max band: an invisible base at min, and the span stacked on top. Always present (empty
 * without a spread), so a live update can address it by id when a folded reading makes one.
 */
function rangeSeries(history: readonly HistoryBucket[], s: ChartStyle): unknown[] {
  const hidden = { stack: "band", stackStrategy: "all", symbol: "none", lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } };
  const d = rangeData(history);
  return [
    { id: "min", type: "line", name: "min", data: d.min, ...hidden },
    { id: "range", type: "line", name: s.labels.range, data: d.range, ...hidden, areaStyle: { color: s.c.band } },
  ];
}

function markLines(m: ChartModel, s: ChartStyle): unknown[] {
  const { c, interactive, labels, formatValue } = s;
  const thresholds = m.lines.map((l) => ({
    yAxis: l.value,
    lineStyle: { color: levelColour(c, l.level), type: "dashed", width: 1.5 },
    label: { show: interactive, formatter: `${labels.levels[l.level]} ${formatValue(l.value)}`, color: levelColour(c, l.level), position: "insideEndTop", fontSize: 11 },
  }));
  if (m.target == null || m.band) return thresholds;
  const target = {
    yAxis: m.target,
    lineStyle: { color: c.target, type: "dotted", width: 1.5 },
    label: { show: interactive, formatter: `${labels.target} ${formatValue(m.target)}`, color: c.target, position: "insideStartTop", fontSize: 11 },
  };
  return [...thresholds, target];
}

function markAreas(m: ChartModel, s: ChartStyle): unknown[] {
  const { c, theme } = s;
  const [yMin, yMax] = m.extent ?? [0, 1];
  const alpha = (level: ChartLevel) => (theme === "dark" ? (level === "CRITICAL" ? 0.13 : 0.06) : level === "CRITICAL" ? 0.09 : 0.07);
  const zones = breachZones(m.rules, yMin, yMax).map((z) => [{ yAxis: z.from, itemStyle: { color: withAlpha(levelColour(c, z.level), alpha(z.level)) } }, { yAxis: z.to }]);
  return m.band ? [...zones, [{ yAxis: m.band[0], itemStyle: { color: withAlpha(c.target, 0.08) } }, { yAxis: m.band[1] }]] : zones;
}

function valueSeries(m: ChartModel, s: ChartStyle) {
  return {
    id: "value",
    type: "line",
    name: s.labels.value,
    data: m.points,
    showSymbol: m.points.length < 40,
    symbolSize: 5,
    smooth: false,
    lineStyle: { width: s.interactive ? 2 : 2.5, color: s.c.line },
    itemStyle: { color: s.c.line },
    z: 3,
    markLine: { silent: true, symbol: "none", animation: false, data: markLines(m, s) },
    markArea: { silent: true, data: markAreas(m, s) },
  };
}

function breachData(m: ChartModel, s: Pick<ChartStyle, "c" | "theme">) {
  const border = s.theme === "dark" ? "#0b1220" : "#fff";
  return m.breaches.map((b) => ({ value: [b.t, b.v], itemStyle: { color: levelColour(s.c, b.level), borderColor: border, borderWidth: 1.5 } }));
}

/** Always present (empty when nothing breached), so a live update can address it by id. */
function breachSeries(m: ChartModel, s: ChartStyle): unknown[] {
  return [{ id: "breach", type: "scatter", name: s.labels.breach, data: breachData(m, s), symbolSize: s.interactive ? 9 : 8, z: 4 }];
}

function projectionSeries(m: ChartModel, s: ChartStyle): unknown[] {
  if (!m.projection) return [];
  return [
    {
      id: "projection",
      type: "line",
      name: s.labels.projection,
      data: m.projection,
      symbol: "none",
      lineStyle: { type: "dashed", width: 2, color: s.c.projection },
      itemStyle: { color: s.c.projection },
      z: 2,
    },
  ];
}

const timeAxisEnd = (m: ChartModel) => (m.projection ? m.projection[1][0] : m.points.length ? m.points[m.points.length - 1][0] : undefined);

/**
 * What changes when a live reading arrives (issue 13 item 4): the value line's, the breach marks'
 * and the min–max band's data (a reading folded into a bucket moves its average and its range),
 * addressed by series id, and the end of the time axis. Merged into the chart (`setOption` without
 * replace), so axes, bands, thresholds and styles are not rebuilt per tick.
 */
export function liveUpdate(m: ChartModel, s: Pick<ChartStyle, "c" | "theme">) {
  const d = rangeData(m.history);
  return {
    xAxis: { max: timeAxisEnd(m) },
    series: [
      { id: "value", data: m.points, showSymbol: m.points.length < 40 },
      { id: "breach", data: breachData(m, s) },
      { id: "min", data: d.min },
      { id: "range", data: d.range },
    ],
  };
}

/** The whole option for the current data; the zoom controls are set once elsewhere. */
export function chartOption(m: ChartModel, s: ChartStyle) {
  const { c, interactive, formatValue } = s;
  const [yMin, yMax] = m.extent ?? [0, 1];
  const xMax = timeAxisEnd(m);
  const fontSize = interactive ? 12 : 11;
  return {
    animation: false,
    textStyle: { color: c.text, fontFamily: "inherit" },
    grid: interactive ? { left: 56, right: 24, top: 36, bottom: 72 } : { left: 48, right: 12, top: 10, bottom: 24 },
    xAxis: { type: "time", max: xMax, axisLine: { lineStyle: { color: c.grid } }, axisLabel: { color: c.muted, hideOverlap: true, fontSize }, splitLine: { show: false } },
    yAxis: {
      type: "value",
      min: Number(yMin.toPrecision(6)),
      max: Number(yMax.toPrecision(6)),
      scale: true,
      axisLabel: { color: c.muted, formatter: (v: number) => formatValue(v), fontSize, showMinLabel: false, showMaxLabel: false },
      splitLine: { lineStyle: { color: c.grid } },
    },
    tooltip: interactive ? { trigger: "axis", valueFormatter: (v: number) => formatValue(v), axisPointer: { type: "line" }, formatter: undefined } : { show: false },
    series: [...rangeSeries(m.history, s), valueSeries(m, s), ...breachSeries(m, s), ...projectionSeries(m, s)],
  };
}

/** The zoom slider and toolbox of the interactive chart, created once so the user's zoom survives updates. */
export function zoomControls(c: ChartPalette, resetLabel: string, formatTime: (t: number) => string) {
  return {
    dataZoom: [
      { type: "inside", filterMode: "none" },
      { type: "slider", filterMode: "none", height: 26, bottom: 12, borderColor: c.grid, textStyle: { color: c.muted }, labelFormatter: (v: number) => formatTime(v) },
    ],
    toolbox: { right: 12, top: 0, iconStyle: { borderColor: c.muted }, feature: { dataZoom: { yAxisIndex: "none" }, restore: { title: resetLabel } } },
  };
}
