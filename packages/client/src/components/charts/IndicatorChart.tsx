import { useMemo, useRef } from "react";
import { PALETTES, type ChartTheme } from "./chartTheme";
import { EChart } from "./EChart";
import { pointLevel, thresholdLines, valueExtent, type ChartLevel, type ChartProjection, type ChartRule, type TimePoint } from "./indicatorChartModel";
import { chartOption, liveUpdate, zoomControls, type ChartModel, type HistoryBucket } from "./indicatorChartOption";

export type { ChartProjection, ChartRule, TimePoint } from "./indicatorChartModel";
export type { HistoryBucket } from "./indicatorChartOption";

export interface IndicatorChartLabels {
  value: string;
  range: string;
  target: string;
  projection: string;
  breach: string;
  levels: Record<ChartLevel, string>;
  noData: string;
  resetZoom: string;
  /** Sentence for the projected crossing, e.g. "Trend reaches Critical threshold 14:00". */
  crossing(level: string, time: string): string;
}

export interface IndicatorChartProps {
  /** The buckets drawn (the history, with live readings folded in: `useFoldedHistory`). */
  history: readonly HistoryBucket[];
  /**
   * Changes when the history was fetched again (the frame is rebuilt then); while it stays the
   * same, a changed `history` only merges the series' data. Defaults to `history` itself.
   */
  frame?: unknown;
  /** Raw readings to draw after the last bucket (none when they are folded into the buckets). */
  live?: readonly TimePoint[];
  /** The THRESHOLD rules with the server's bands. */
  rules: readonly ChartRule[];
  /** The TREND rule's projection, as the server computed it. */
  projection?: ChartProjection | null;
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

/** History buckets (their averages) followed by the live readings that came after them. */
function mergePoints(history: readonly HistoryBucket[], live: readonly TimePoint[]): TimePoint[] {
  const lastHistory = history.length ? history[history.length - 1].t : -Infinity;
  const merged: TimePoint[] = history.map((b) => [b.t, b.avg] as const);
  if (live.length) for (const p of [...live].sort((a, b) => a[0] - b[0])) if (p[0] > lastHistory) merged.push(p);
  return merged;
}

const NONE: readonly TimePoint[] = [];

/** Everything the chart draws, from the data and the server's bands and projection. */
function buildModel(props: IndicatorChartProps, points: TimePoint[]): ChartModel {
  const { history, rules, projection } = props;
  const line = projection ? ([projection.from, projection.to] as [TimePoint, TimePoint]) : null;
  const lines = thresholdLines(rules);
  const targets = [props.target, props.targetLow, props.targetHigh].filter((v): v is number => v != null);
  const values = [...points.map(([, v]) => v), ...history.flatMap((b) => [b.min, b.max]), ...(line ? line.map(([, v]) => v) : [])];
  const breaches = points.flatMap(([t, v]) => {
    const level = pointLevel(rules, v);
    return level ? [{ t, v, level }] : [];
  });
  return {
    points,
    history,
    rules,
    lines,
    breaches,
    projection: line,
    extent: valueExtent(values, [...lines.map((l) => l.value), ...targets]),
    target: props.target ?? null,
    band: props.targetLow != null && props.targetHigh != null ? [props.targetLow, props.targetHigh] : null,
  };
}

const within = (inner: [number, number], outer: [number, number]) => inner[0] >= outer[0] && inner[1] <= outer[1];

/**
 * The y range for the frame: kept while new values stay inside it, widened (to include both,
 * with room to spare) when one falls outside, started afresh when the history or the rules change.
 */
export function nextExtent(current: [number, number] | null, wanted: [number, number] | null): [number, number] | null {
  if (!wanted || !current) return wanted;
  if (within(wanted, current)) return current;
  // Widened with some room on the side that grew, so the next slightly higher value does not widen it again.
  const lo = Math.min(current[0], wanted[0]);
  const hi = Math.max(current[1], wanted[1]);
  const room = (hi - lo) * 0.1;
  return [wanted[0] < current[0] ? lo - room : lo, wanted[1] > current[1] ? hi + room : hi];
}

function useStableExtent(wanted: [number, number] | null, history: unknown, rules: unknown): [number, number] | null {
  const state = useRef<{ history: unknown; rules: unknown; extent: [number, number] | null }>({ history, rules, extent: null });
  const s = state.current;
  if (s.history !== history || s.rules !== rules) state.current = { history, rules, extent: wanted };
  else s.extent = nextExtent(s.extent, wanted);
  return state.current.extent;
}

/**
 * An indicator's line (§4.2.4): history buckets (average, with the min–max band), live
 * readings appended, threshold lines and bad zones from the rules' bands (§5.3.2), breaches
 * marked, and the TREND rule's projection drawn dashed to its horizon, with the predicted
 * crossing named at the rule's own level.
 */
export function IndicatorChart(props: IndicatorChartProps) {
  const { history, live = NONE, theme, interactive = false, labels, formatValue, formatTime, projection } = props;
  const frame = props.frame ?? history;
  const c = PALETTES[theme];
  // Callers pass rules built per render; their content decides whether the frame changes.
  const rulesKey = JSON.stringify(props.rules);
  const rules = useMemo(() => props.rules, [rulesKey]);
  const points = useMemo(() => mergePoints(history, live), [history, live]);
  const model = useMemo(() => buildModel({ ...props, rules }, points), [points, history, rules, projection, props.target, props.targetLow, props.targetHigh]);
  // Readings the chart holds: its buckets' counts and the raw points after them (tests read it).
  const readings = useMemo(() => history.reduce((n, b) => n + b.count, 0) + points.length - history.length, [history, points]);
  const extent = useStableExtent(model.extent, frame, rules);
  // The frame (axes, bands, thresholds, styles) is rebuilt only when the history is fetched again,
  // or the rules or the value range change; a live reading within the range only merges its
  // series' data (`update`).
  const latest = useRef(model);
  latest.current = model;
  const option = useMemo(
    () => chartOption({ ...latest.current, extent }, { c, theme, interactive, labels, formatValue }),
    [frame, rules, projection, props.target, props.targetLow, props.targetHigh, extent, c, theme, interactive, labels, formatValue],
  );
  const update = useMemo(() => liveUpdate(model, { c, theme }), [model, c, theme]);
  // The zoom controls are created once; later renders keep the user's zoom.
  const initOption = useMemo(() => (interactive ? zoomControls(c, labels.resetZoom, formatTime) : {}), []);
  return (
    <div className={`indicator-chart ${props.className ?? ""}`}>
      {points.length === 0 ? (
        <p className="chart-empty">{labels.noData}</p>
      ) : (
        <EChart
          className="indicator-chart__canvas"
          initOption={initOption}
          option={option}
          update={update}
          ariaLabel={props.ariaLabel}
          dataAttributes={{ "data-points": points.length, "data-readings": readings, "data-breaches": model.breaches.length }}
        />
      )}
      {projection?.predictedAt != null && (
        <p className="chart-crossing" role="status">
          {labels.crossing(labels.levels[projection.level], formatTime(projection.predictedAt))}
        </p>
      )}
    </div>
  );
}
