/**
 * TREND rules (§4.2.4 trend analysis, §5.3.2): a least-squares line through the latest readings,
 * projected forward to when it crosses the rule's threshold. Pure functions, like `rules.ts`.
 */
import { type Decision, isBreach, isComparable, type OpenAlert, type RuleSpec, type Sample } from "./rules.js";

const MINUTE = 60_000;

export interface LinearFit {
  /** Value per minute. */
  slope: number;
  /** Fitted value at the origin time. */
  intercept: number;
  /** The origin of x (the last sample's time); x is in minutes from it. */
  origin: Date;
}

/**
 * Least-squares line through the samples with x = minutes from the last sample. Null when there
 * are fewer than two samples or all share one time.
 */
export function linearFit(samples: Sample[]): LinearFit | null {
  if (samples.length < 2) return null;
  const origin = samples.reduce((m, s) => (s.observedAt > m ? s.observedAt : m), samples[0].observedAt);
  const n = samples.length;
  let sx = 0;
  let sy = 0;
  for (const s of samples) {
    sx += (s.observedAt.getTime() - origin.getTime()) / MINUTE;
    sy += s.value;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const s of samples) {
    const dx = (s.observedAt.getTime() - origin.getTime()) / MINUTE - mx;
    sxx += dx * dx;
    sxy += dx * (s.value - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, origin };
}

/** Fitted value `minutes` after the fit's origin. */
export const project = (fit: LinearFit, minutes: number) => fit.intercept + fit.slope * minutes;

/**
 * Minutes from the fit's origin until the fitted line first breaches the rule's threshold, if
 * that happens within [0, horizon]. 0 when the line is already past it at the origin.
 */
export function minutesToCross(rule: Pick<RuleSpec, "comparator" | "value" | "upperValue">, fit: LinearFit, horizonMinutes: number): number | null {
  if (!isComparable(rule)) return null;
  const crossAbove = (limit: number): number | null => {
    if (project(fit, 0) > limit) return 0;
    if (fit.slope <= 0) return null;
    const x = (limit - fit.intercept) / fit.slope;
    return x <= horizonMinutes ? Math.max(0, x) : null;
  };
  const crossBelow = (limit: number): number | null => {
    if (project(fit, 0) < limit) return 0;
    if (fit.slope >= 0) return null;
    const x = (limit - fit.intercept) / fit.slope;
    return x <= horizonMinutes ? Math.max(0, x) : null;
  };
  const v = rule.value as number;
  switch (rule.comparator) {
    case "ABOVE":
      return crossAbove(v);
    case "BELOW":
      return crossBelow(v);
    case "OUTSIDE": {
      const lo = crossBelow(v);
      const hi = crossAbove(rule.upperValue as number);
      if (lo == null) return hi;
      if (hi == null) return lo;
      return Math.min(lo, hi);
    }
    default:
      return null;
  }
}

export interface TrendResult {
  decision: Decision;
  /** When the fitted line crosses the threshold (the prediction), if it does within the horizon. */
  predictedAt: Date | null;
  fit: LinearFit | null;
}

/**
 * TREND rule (§4.2.4): least-squares fit over the last `trendWindow` readings; fires when the
 * line crosses the threshold within `trendHorizonMinutes` after the last reading while the last
 * value itself does not breach yet (a THRESHOLD rule covers that). An open trend alert resolves
 * when the projection no longer crosses within the horizon.
 */
export function evaluateTrend(rule: RuleSpec, samples: Sample[], open: OpenAlert | null): TrendResult {
  const window = Math.max(2, rule.trendWindow ?? 10);
  const horizon = Math.max(0, rule.trendHorizonMinutes ?? 60);
  const sorted = [...samples].sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime()).slice(-window);
  const fit = linearFit(sorted);
  const minutes = fit ? minutesToCross(rule, fit, horizon) : null;
  const predictedAt = fit && minutes != null ? new Date(fit.origin.getTime() + Math.round(minutes * MINUTE)) : null;
  if (open) return { decision: predictedAt ? "keep" : "resolve", predictedAt, fit };
  if (!predictedAt || sorted.length < 2) return { decision: "none", predictedAt, fit };
  const last = sorted[sorted.length - 1];
  if (isBreach(rule, last.value)) return { decision: "none", predictedAt, fit };
  return { decision: "fire", predictedAt, fit };
}

export interface TrendProjection {
  /** The last sample's time and the fitted value there. */
  from: Date;
  fromValue: number;
  /** `trendHorizonMinutes` later, on the fitted line. */
  to: Date;
  toValue: number;
  /** When the line crosses the rule's threshold within the horizon (what a TREND alert predicts). */
  predictedAt: Date | null;
}

/**
 * What a TREND rule sees now (§4.2.4): the least-squares line over its window of the latest
 * samples, drawn from the last sample to the horizon, with the predicted crossing. Null for
 * other rules and when no line can be fitted.
 */
export function trendProjection(rule: RuleSpec, samples: Sample[]): TrendProjection | null {
  if (rule.kind !== "TREND") return null;
  const { fit, predictedAt } = evaluateTrend(rule, samples, null);
  if (!fit) return null;
  const horizon = Math.max(0, rule.trendHorizonMinutes ?? 60);
  return {
    from: fit.origin,
    fromValue: project(fit, 0),
    to: new Date(fit.origin.getTime() + horizon * MINUTE),
    toValue: project(fit, horizon),
    predictedAt,
  };
}
