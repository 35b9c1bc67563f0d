import { useMemo, useState } from "react";
import { crossingTime, fitLine, projectTrend, type TimePoint } from "../../lib/leastSquares";
import { breachZones, classifyValue, thresholdLines, trendHorizonMs, valueExtent, type ChartRule } from "../../lib/thresholds";
import type { AlertLevel } from "../../lib/alertFeed";
import { PALETTES, withAlpha, type ChartTheme } from "./chartTheme";
import { EChart } from "./EChart";

/** One bucket of history (from the API's `series`), at its start time. */
export interface HistoryBucket {
  t: number;
  min: number;
  max: number;
  avg: number;
  count: number;
}

export interface IndicatorChartLabels {
  value: string;
  range: string;
  target: string;
  projection: string;
  breach: string;
  levels: Record<AlertLevel, string>;
  noData: string;
  resetZoom: string;
  /** Sentence for the projected crossing, e.g. "Trend reaches Critical threshold 14:00". */
  crossing(level: string, time: string): string;
}

export interface IndicatorChartProps {
  history: readonly HistoryBucket[];
  /** Raw readings that arrived live after the history was loaded. */
  live: readonly TimePoint[];
  rules: readonly ChartRule[];
  target?: number | null;
  targetLow?: number | null;
  targetHigh?: number | null;
  theme: ChartTheme;
  /** Zoom slider, box zoom and tooltips (the indicator page); off for wall tiles. */
  interactive?: boolean;
  labels: IndicatorChartLabels;
  formatValue(v: number): string;
  formatTime(t: number): string;
  ariaLabel: string;
  className?: string;
}

/**
 * An indicator's line (§4.2.4): history buckets (average, with the min–max band), live
 * readings appended, threshold lines and bad zones from the rules (§5.3.2), breaches marked,
 * and, when the indicator has a TREND rule, the least-squares projection of the visible points
 * drawn dashed to the rule's horizon.
 */
export function IndicatorChart(props: IndicatorChartProps) {
  const { history, live, rules, theme, interactive = false, labels, formatValue, formatTime } = props;
  const c = PALETTES[theme];
  const [visible, setVisible] = useState<[number, number] | null>(null);

  const points = useMemo<TimePoint[]>(() => {
    const lastHistory = history.length ? history[history.length - 1].t : -Infinity;
    const merged: TimePoint[] = history.map((b) => [b.t, b.avg] as const);
    for (const p of [...live].sort((a, b) => a[0] - b[0])) if (p[0] > lastHistory) merged.push(p);
    return merged;
  }, [history, live]);

  const model = useMemo(() => {
    const inView = visible ? points.filter(([t]) => t >= visible[0] && t <= visible[1]) : points;
    const horizon = trendHorizonMs(rules);
    const projection = horizon && inView.length >= 3 ? projectTrend(inView, horizon) : null;
    const fit = projection ? fitLine(inView) : null;
    const trendRule = rules.find((r) => r.kind === "TREND" && r.enabled);
    let crossing: { t: number; level: AlertLevel } | null = null;
    if (fit && projection && trendRule?.value != null) {
      const t = crossingTime(fit, trendRule.value, projection[0][0], horizon!);
      if (t) crossing = { t, level: "CRITICAL" };
    }
    const lines = thresholdLines(rules);
    const lineValues = [...lines.map((l) => l.value), ...[props.target, props.targetLow, props.targetHigh].filter((v): v is number => v != null)];
    const values = [...points.map(([, v]) => v), ...history.flatMap((b) => [b.min, b.max]), ...(projection ? projection.map(([, v]) => v) : [])];
    const extent = valueExtent(values, lineValues);
    const breaches = points
      .map(([t, v]) => ({ t, v, level: classifyValue(rules, v) }))
      .filter((p): p is { t: number; v: number; level: AlertLevel } => p.level !== null);
    return { projection, crossing, lines, extent, breaches };
  }, [points, history, rules, visible, props.target, props.targetLow, props.targetHigh]);

  const option = useMemo(() => {
    const [yMin, yMax] = model.extent ?? [0, 1];
    const zones = breachZones(rules, yMin, yMax);
    const breaches = model.breaches;
    const hasBand = history.some((b) => b.count > 1 && b.max > b.min);
    const xMax = model.projection ? model.projection[1][0] : points.length ? points[points.length - 1][0] : undefined;
    const band = props.targetLow != null && props.targetHigh != null ? [props.targetLow, props.targetHigh] : null;

    const series: unknown[] = [];
    if (hasBand) {
      // The min–max band: an invisible base at min, and the span stacked on top.
      series.push(
        { type: "line", name: "min", data: history.map((b) => [b.t, b.min]), stack: "band", stackStrategy: "all", symbol: "none", lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
        { type: "line", name: labels.range, data: history.map((b) => [b.t, b.max - b.min]), stack: "band", stackStrategy: "all", symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { color: c.band }, silent: true, tooltip: { show: false } },
      );
    }
    series.push({
      type: "line",
      name: labels.value,
      data: points,
      showSymbol: points.length < 40,
      symbolSize: 5,
      smooth: false,
      lineStyle: { width: interactive ? 2 : 2.5, color: c.line },
      itemStyle: { color: c.line },
      z: 3,
      markLine: {
        silent: true,
        symbol: "none",
        animation: false,
        data: [
          ...model.lines.map((l) => ({
            yAxis: l.value,
            lineStyle: { color: l.level === "CRITICAL" ? c.critical : c.warning, type: "dashed", width: 1.5 },
            label: { show: interactive, formatter: `${labels.levels[l.level]} ${formatValue(l.value)}`, color: l.level === "CRITICAL" ? c.critical : c.warning, position: "insideEndTop", fontSize: 11 },
          })),
          ...(props.target != null && !band
            ? [{ yAxis: props.target, lineStyle: { color: c.target, type: "dotted", width: 1.5 }, label: { show: interactive, formatter: `${labels.target} ${formatValue(props.target)}`, color: c.target, position: "insideStartTop", fontSize: 11 } }]
            : []),
        ],
      },
      markArea: {
        silent: true,
        data: [
          ...zones.map((z) => [
            { yAxis: z.from, itemStyle: { color: withAlpha(z.level === "CRITICAL" ? c.critical : c.warning, theme === "dark" ? (z.level === "CRITICAL" ? 0.13 : 0.06) : z.level === "CRITICAL" ? 0.09 : 0.07) } },
            { yAxis: z.to },
          ]),
          ...(band ? [[{ yAxis: band[0], itemStyle: { color: withAlpha(c.target, 0.08) } }, { yAxis: band[1] }]] : []),
        ],
      },
    });
    if (breaches.length) {
      series.push({
        type: "scatter",
        name: labels.breach,
        data: breaches.map((b) => ({ value: [b.t, b.v], itemStyle: { color: b.level === "CRITICAL" ? c.critical : c.warning, borderColor: theme === "dark" ? "#0b1220" : "#fff", borderWidth: 1.5 } })),
        symbolSize: interactive ? 9 : 8,
        z: 4,
      });
    }
    if (model.projection) {
      series.push({
        type: "line",
        name: labels.projection,
        data: model.projection,
        symbol: "none",
        lineStyle: { type: "dashed", width: 2, color: c.projection },
        itemStyle: { color: c.projection },
        z: 2,
      });
    }

    return {
      animation: false,
      textStyle: { color: c.text, fontFamily: "inherit" },
      grid: interactive ? { left: 56, right: 24, top: 36, bottom: 72 } : { left: 48, right: 12, top: 10, bottom: 24 },
      xAxis: {
        type: "time",
        max: xMax,
        axisLine: { lineStyle: { color: c.grid } },
        axisLabel: { color: c.muted, hideOverlap: true, fontSize: interactive ? 12 : 11 },
        splitLine: { show: false },
      },
      yAxis: {
        type: "value",
        min: Number(yMin.toPrecision(6)),
        max: Number(yMax.toPrecision(6)),
        scale: true,
        axisLabel: { color: c.muted, formatter: (v: number) => formatValue(v), fontSize: interactive ? 12 : 11, showMinLabel: false, showMaxLabel: false },
        splitLine: { lineStyle: { color: c.grid } },
      },
      tooltip: interactive
        ? { trigger: "axis", valueFormatter: (v: number) => formatValue(v), axisPointer: { type: "line" }, formatter: undefined }
        : { show: false },
      series,
    };
  }, [points, history, rules, model, theme, interactive, labels, formatValue, props.target, props.targetLow, props.targetHigh, c]);

  const initOption = useMemo(
    () =>
      interactive
        ? {
            dataZoom: [
              { type: "inside", filterMode: "none" },
              { type: "slider", filterMode: "none", height: 26, bottom: 12, borderColor: c.grid, textStyle: { color: c.muted }, labelFormatter: (v: number) => formatTime(v) },
            ],
            toolbox: {
              right: 12,
              top: 0,
              iconStyle: { borderColor: c.muted },
              feature: { dataZoom: { yAxisIndex: "none" }, restore: { title: labels.resetZoom } },
            },
          }
        : {},
    // the zoom controls are created once; later renders keep the user's zoom
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const onEvents = useMemo(
    () =>
      interactive
        ? {
            datazoom: (_p: unknown, chart: { getOption(): unknown }) => {
              const o = chart.getOption() as { dataZoom?: { startValue?: number; endValue?: number }[] };
              const z = o.dataZoom?.[0];
              setVisible(z?.startValue != null && z?.endValue != null ? [z.startValue, z.endValue] : null);
            },
            restore: () => setVisible(null),
          }
        : undefined,
    [interactive],
  );

  return (
    <div className={`indicator-chart ${props.className ?? ""}`}>
      {points.length === 0 ? (
        <p className="chart-empty">{labels.noData}</p>
      ) : (
        <EChart
          className="indicator-chart__canvas"
          initOption={initOption}
          option={option}
          onEvents={onEvents}
          ariaLabel={props.ariaLabel}
          dataAttributes={{ "data-points": points.length, "data-breaches": model.breaches.length }}
        />
      )}
      {model.crossing && (
        <p className="chart-crossing" role="status">
          {labels.crossing(labels.levels[model.crossing.level], formatTime(model.crossing.t))}
        </p>
      )}
    </div>
  );
}
