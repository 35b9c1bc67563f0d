/**
 * The trend projection drawn ahead of an indicator's line (§5.3.2 early warning): an ordinary
 * least-squares fit of the visible points, extended to the TREND rule's horizon.
 */

/** A point of a time series: epoch milliseconds and value. */
export type TimePoint = readonly [t: number, v: number];

export interface LineFit {
  slope: number; // value per millisecond
  intercept: number; // value at t = origin
  origin: number; // epoch ms the fit is centred on (keeps the arithmetic well conditioned)
  n: number;
}

/** Least-squares line through the points; null with fewer than two distinct times. */
export function fitLine(points: readonly TimePoint[]): LineFit | null {
  const finite = points.filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v));
  const n = finite.length;
  if (n < 2) return null;
  const origin = finite.reduce((s, [t]) => s + t, 0) / n;
  const meanV = finite.reduce((s, [, v]) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const [t, v] of finite) {
    const dx = t - origin;
    sxx += dx * dx;
    sxy += dx * (v - meanV);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: meanV, origin, n };
}

/** The fitted value at time t. */
export const valueAt = (fit: LineFit, t: number) => fit.intercept + fit.slope * (t - fit.origin);

/**
 * The projection segment: from the last point's time to `horizonMs` after it, on the fitted
 * line. Null when no line can be fitted or the horizon is not positive.
 */
export function projectTrend(points: readonly TimePoint[], horizonMs: number): [TimePoint, TimePoint] | null {
  const fit = fitLine(points);
  if (!fit || !(horizonMs > 0)) return null;
  const last = Math.max(...points.map(([t]) => t));
  return [
    [last, valueAt(fit, last)],
    [last + horizonMs, valueAt(fit, last + horizonMs)],
  ];
}

/**
 * When the fitted line crosses `threshold` going the bad way, between `from` and `from + horizonMs`;
 * null when it does not (or is already past it at `from`).
 */
export function crossingTime(fit: LineFit, threshold: number, from: number, horizonMs: number): number | null {
  if (fit.slope === 0) return null;
  const t = fit.origin + (threshold - fit.intercept) / fit.slope;
  return t > from && t <= from + horizonMs ? t : null;
}
