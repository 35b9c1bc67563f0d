/**
 * Geometry of an indicator's chart. The rules' breaching ranges, the trend line and its
 * predicted crossing are the server's (`ThresholdRule.band`, `ThresholdRule.projection`); this
 * only lays them out: clips the ranges to the axis, keeps warning and critical tints apart,
 * marks the points that lie in a range, and picks the y-axis range.
 */
import type { Enum } from "../../app/graphql";

export type ChartLevel = Enum<"AlertLevel">;

/** A point of a time series: epoch milliseconds and value. */
export type TimePoint = readonly [t: number, v: number];

/** A THRESHOLD rule as the server describes its band: open ranges, null ends unbounded. */
export interface ChartRule {
  level: ChartLevel;
  enabled: boolean;
  band: { lines: readonly number[]; zones: readonly { from: number | null; to: number | null }[] } | null;
}

/** A TREND rule's projection as the server computed it, times in epoch ms. */
export interface ChartProjection {
  level: ChartLevel;
  from: TimePoint;
  to: TimePoint;
  predictedAt: number | null;
}

export interface ThresholdLine {
  level: ChartLevel;
  value: number;
}

export interface Zone {
  level: ChartLevel;
  from: number;
  to: number;
}

const RANK: Record<ChartLevel, number> = { WARNING: 1, CRITICAL: 2 };
const drawn = (rules: readonly ChartRule[]) => rules.filter((r) => r.enabled && r.band);

/** One line per threshold value, critical last so it draws on top. */
export function thresholdLines(rules: readonly ChartRule[]): ThresholdLine[] {
  const lines = drawn(rules).flatMap((r) => r.band!.lines.map((value) => ({ level: r.level, value })));
  return lines.sort((a, b) => RANK[a.level] - RANK[b.level]);
}

/** The highest level whose breaching range holds the value, or null. */
export function pointLevel(rules: readonly ChartRule[], v: number): ChartLevel | null {
  let level: ChartLevel | null = null;
  for (const r of drawn(rules)) {
    const inside = r.band!.zones.some((z) => (z.from == null || v > z.from) && (z.to == null || v < z.to));
    if (inside && (!level || RANK[r.level] > RANK[level])) level = r.level;
  }
  return level;
}

/** The breaching ranges clipped to [min, max]; a warning range stops where a critical one starts. */
export function breachZones(rules: readonly ChartRule[], min: number, max: number): Zone[] {
  const zones: Zone[] = [];
  for (const r of drawn(rules)) {
    for (const z of r.band!.zones) {
      const a = Math.max(min, z.from ?? min);
      const b = Math.min(max, z.to ?? max);
      if (b > a) zones.push({ level: r.level, from: a, to: b });
    }
  }
  const critical = zones.filter((z) => z.level === "CRITICAL");
  const out: Zone[] = [...critical];
  for (const z of zones.filter((x) => x.level === "WARNING")) out.push(...subtract(z, critical));
  return out.sort((a, b) => RANK[a.level] - RANK[b.level] || a.from - b.from);
}

/** The parts of a zone not covered by any of the others. */
function subtract(zone: Zone, others: readonly Zone[]): Zone[] {
  let parts = [zone];
  for (const o of others) {
    parts = parts.flatMap((p) => {
      if (o.to <= p.from || o.from >= p.to) return [p];
      const rest: Zone[] = [];
      if (o.from > p.from) rest.push({ ...p, to: o.from });
      if (o.to < p.to) rest.push({ ...p, from: o.to });
      return rest;
    });
  }
  return parts;
}

/**
 * The y-axis range that shows the data, the thresholds and the projection with some air:
 * thresholds far from the data are left out so that the line does not flatten.
 */
export function valueExtent(values: readonly number[], lines: readonly number[]): [number, number] | null {
  const data = values.filter(Number.isFinite);
  if (data.length === 0 && lines.length === 0) return null;
  let lo = data.length ? Math.min(...data) : Math.min(...lines);
  let hi = data.length ? Math.max(...data) : Math.max(...lines);
  const span = Math.max(hi - lo, Math.abs(hi) * 0.02, 1e-6);
  for (const l of lines) {
    if (l >= lo - span * 1.5 && l <= hi + span * 1.5) {
      lo = Math.min(lo, l);
      hi = Math.max(hi, l);
    }
  }
  const pad = (hi - lo || span) * 0.08;
  return [lo - pad, hi + pad];
}
