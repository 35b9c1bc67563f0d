/**
 * Reading an indicator's threshold rules (§5.3.2) for charts: which values breach, where the
 * threshold lines and the bad zones are, and how far ahead a TREND rule looks.
 */
import type { AlertLevel } from "./alertFeed";

export type Comparator = "ABOVE" | "BELOW" | "OUTSIDE";
export type RuleKind = "THRESHOLD" | "TREND" | "NO_DATA";

export interface ChartRule {
  id: string;
  kind: RuleKind;
  level: AlertLevel;
  comparator: Comparator | null;
  value: number | null;
  upperValue: number | null;
  enabled: boolean;
  trendHorizonMinutes?: number | null;
  trendWindow?: number | null;
}

const RANK: Record<AlertLevel, number> = { WARNING: 1, CRITICAL: 2 };

/** Whether a value breaches one THRESHOLD rule. */
export function breachesRule(rule: ChartRule, v: number): boolean {
  if (rule.kind !== "THRESHOLD" || !rule.enabled || rule.value == null) return false;
  switch (rule.comparator) {
    case "ABOVE":
      return v > rule.value;
    case "BELOW":
      return v < rule.value;
    case "OUTSIDE":
      return v < rule.value || (rule.upperValue != null && v > rule.upperValue);
    default:
      return false;
  }
}

/** The highest level a value breaches, or null. */
export function classifyValue(rules: readonly ChartRule[], v: number): AlertLevel | null {
  let level: AlertLevel | null = null;
  for (const r of rules) if (breachesRule(r, v) && (!level || RANK[r.level] > RANK[level])) level = r.level;
  return level;
}

export interface ThresholdLine {
  level: AlertLevel;
  value: number;
}

/** One line per threshold value (two for a band), critical last so it draws on top. */
export function thresholdLines(rules: readonly ChartRule[]): ThresholdLine[] {
  const lines: ThresholdLine[] = [];
  for (const r of rules) {
    if (r.kind !== "THRESHOLD" || !r.enabled || r.value == null) continue;
    lines.push({ level: r.level, value: r.value });
    if (r.comparator === "OUTSIDE" && r.upperValue != null) lines.push({ level: r.level, value: r.upperValue });
  }
  return lines.sort((a, b) => RANK[a.level] - RANK[b.level]);
}

export interface Zone {
  level: AlertLevel;
  from: number;
  to: number;
}

/** The value ranges that breach each rule, clipped to [min, max] of the axis. */
export function breachZones(rules: readonly ChartRule[], min: number, max: number): Zone[] {
  const zones: Zone[] = [];
  const push = (level: AlertLevel, from: number, to: number) => {
    const a = Math.max(min, Math.min(from, to));
    const b = Math.min(max, Math.max(from, to));
    if (b > a) zones.push({ level, from: a, to: b });
  };
  for (const r of rules) {
    if (r.kind !== "THRESHOLD" || !r.enabled || r.value == null) continue;
    if (r.comparator === "ABOVE") push(r.level, r.value, max);
    else if (r.comparator === "BELOW") push(r.level, min, r.value);
    else if (r.comparator === "OUTSIDE") {
      push(r.level, min, r.value);
      if (r.upperValue != null) push(r.level, r.upperValue, max);
    }
  }
  // A warning zone stops where a critical one starts: the two tints never stack.
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

/** The horizon of the indicator's TREND rule in milliseconds, or null when it has none. */
export function trendHorizonMs(rules: readonly ChartRule[]): number | null {
  const r = rules.find((x) => x.kind === "TREND" && x.enabled && x.trendHorizonMinutes);
  return r?.trendHorizonMinutes ? r.trendHorizonMinutes * 60_000 : null;
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
