/**
 * Warning rules as pure functions (§4.2.4 data analysis, §5.3.1 real-time monitoring, §5.3.2
 * early-warning thresholds). No database here: the ingest transaction loads a rule and its state
 * under a row lock, feeds readings through these functions, and writes back what they decide.
 */

export type Comparator = "ABOVE" | "BELOW" | "OUTSIDE";
export type AlertLevel = "WARNING" | "CRITICAL";
export type AlertState = "FIRING" | "ACKNOWLEDGED" | "RESOLVED";
export type RuleKind = "THRESHOLD" | "NO_DATA" | "TREND";
export type IndicatorStatus = "OK" | "WARNING" | "CRITICAL" | "NO_DATA" | "UNKNOWN";

/** The fields of a ThresholdRule that evaluation reads (a Prisma ThresholdRule fits). */
export interface RuleSpec {
  kind: RuleKind;
  level: AlertLevel;
  comparator: Comparator | null;
  value: number | null;
  upperValue: number | null;
  clearValue: number | null;
  clearUpperValue: number | null;
  consecutive: number;
  pendingMinutes: number;
  keepFiringMinutes: number;
  noDataFactor: number;
  trendWindow: number | null;
  trendHorizonMinutes: number | null;
}

/** The open alert of a rule, if any (one per rule). */
export interface OpenAlert {
  level: AlertLevel;
  state: Exclude<AlertState, "RESOLVED">;
}

/** Evaluation state kept beside the rule (ThresholdRule.breachCount / breachSince / clearSince). */
export interface RuleState {
  breachCount: number;
  breachSince: Date | null;
  clearSince: Date | null;
  open: OpenAlert | null;
}

export interface Sample {
  value: number;
  observedAt: Date;
}

/**
 * - `none`: no alert, none to open;
 * - `fire`: open a new alert (FIRED);
 * - `keep`: the open alert stays open (still breaching, between threshold and clear value, or
 *   clearing but inside keep-firing);
 * - `resolve`: close the open alert.
 */
export type Decision = "none" | "fire" | "resolve" | "keep";

export interface ThresholdResult {
  decision: Decision;
  state: RuleState;
  /** The value is past the threshold. */
  breaching: boolean;
  /** The value satisfies the clear (hysteresis) condition. */
  clearing: boolean;
}

const MINUTE = 60_000;

/** TREND rules (§4.2.4) live in `trend.ts`; re-exported so that rule evaluation has one entry point. */
export { type LinearFit, linearFit, project, minutesToCross, type TrendResult, evaluateTrend, type TrendProjection, trendProjection } from "./trend.js";

/** A THRESHOLD or TREND rule has what it needs to compare (comparator, value, upper value for a band). */
export function isComparable(rule: Pick<RuleSpec, "comparator" | "value" | "upperValue">): boolean {
  if (rule.comparator == null || rule.value == null || !Number.isFinite(rule.value)) return false;
  if (rule.comparator === "OUTSIDE") return rule.upperValue != null && Number.isFinite(rule.upperValue);
  return true;
}

/** The value is past the rule's threshold: ABOVE value > v, BELOW value < v, OUTSIDE out of [v, upper]. */
export function isBreach(rule: Pick<RuleSpec, "comparator" | "value" | "upperValue">, value: number): boolean {
  if (!isComparable(rule)) return false;
  const v = rule.value as number;
  switch (rule.comparator) {
    case "ABOVE":
      return value > v;
    case "BELOW":
      return value < v;
    case "OUTSIDE":
      return value < v || value > (rule.upperValue as number);
    default:
      return false;
  }
}

/**
 * The value is back past the clear value (hysteresis): ABOVE value <= clearValue, BELOW
 * value >= clearValue, OUTSIDE inside [clearValue, clearUpperValue]. Without a clear value,
 * clear means "not breaching".
 */
export function isClear(rule: Pick<RuleSpec, "comparator" | "value" | "upperValue" | "clearValue" | "clearUpperValue">, value: number): boolean {
  if (rule.clearValue == null) return !isBreach(rule, value);
  switch (rule.comparator) {
    case "ABOVE":
      return value <= rule.clearValue;
    case "BELOW":
      return value >= rule.clearValue;
    case "OUTSIDE": {
      const upper = rule.clearUpperValue ?? rule.upperValue;
      return upper != null && value >= rule.clearValue && value <= upper;
    }
    default:
      return !isBreach(rule, value);
  }
}

export const emptyState = (open: OpenAlert | null = null): RuleState => ({
  breachCount: 0,
  breachSince: null,
  clearSince: null,
  open,
});

/**
 * One reading against one THRESHOLD rule (§5.3.2).
 *
 * Without an open alert: a breach counts; the alert fires once `consecutive` breaches came in a
 * row AND the breach has lasted `pendingMinutes` (each only when the rule sets it; both when it
 * sets both). A reading that does not breach resets the count.
 *
 * With an open alert: the alert stays until the clear condition holds (hysteresis); then it keeps
 * firing for `keepFiringMinutes` of continuous clear condition before it resolves. A reading that
 * no longer clears restarts that wait.
 *
 * Times are the readings' observation times, so a replayed or batched series gives the same answer.
 */
export function evaluateThreshold(rule: RuleSpec, state: RuleState, sample: Sample): ThresholdResult {
  const at = sample.observedAt;
  const breaching = isBreach(rule, sample.value);
  const clearing = isClear(rule, sample.value);

  if (state.open) {
    if (clearing) {
      const clearSince = state.clearSince ?? at;
      const waited = at.getTime() - clearSince.getTime();
      if (rule.keepFiringMinutes <= 0 || waited >= rule.keepFiringMinutes * MINUTE) {
        return { decision: "resolve", state: emptyState(null), breaching, clearing };
      }
      return { decision: "keep", state: { ...state, clearSince }, breaching, clearing };
    }
    return {
      decision: "keep",
      state: {
        ...state,
        breachCount: breaching ? state.breachCount + 1 : state.breachCount,
        breachSince: state.breachSince ?? (breaching ? at : null),
        clearSince: null,
      },
      breaching,
      clearing,
    };
  }

  if (!breaching) {
    return { decision: "none", state: emptyState(null), breaching, clearing };
  }
  const breachCount = state.breachCount + 1;
  const breachSince = state.breachSince ?? at;
  const countOk = breachCount >= Math.max(1, rule.consecutive);
  const pendingOk = rule.pendingMinutes <= 0 || at.getTime() - breachSince.getTime() >= rule.pendingMinutes * MINUTE;
  if (countOk && pendingOk) {
    return {
      decision: "fire",
      state: { breachCount, breachSince, clearSince: null, open: { level: rule.level, state: "FIRING" } },
      breaching,
      clearing,
    };
  }
  return { decision: "none", state: { breachCount, breachSince, clearSince: null, open: null }, breaching, clearing };
}

/** Runs a series of readings (any order; sorted by observation time here) through a THRESHOLD rule. */
export function evaluateThresholdSeries(rule: RuleSpec, state: RuleState, samples: Sample[]): { state: RuleState; steps: (ThresholdResult & { sample: Sample })[] } {
  const sorted = [...samples].sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
  const steps: (ThresholdResult & { sample: Sample })[] = [];
  let current = state;
  for (const sample of sorted) {
    const r = evaluateThreshold(rule, current, sample);
    steps.push({ ...r, sample });
    current = r.state;
  }
  return { state: current, steps };
}

/** A range of values; null ends are unbounded. Open: the ends themselves do not breach. */
export interface ValueRange {
  from: number | null;
  to: number | null;
}

/**
 * The values that breach a rule (what `isBreach` says, as ranges a chart can shade) and its
 * threshold lines: ABOVE (value, ∞), BELOW (-∞, value), OUTSIDE both sides of [value, upper].
 * Null when the rule has nothing to compare (NO_DATA, or a rule missing its values).
 */
export function breachBand(rule: Pick<RuleSpec, "comparator" | "value" | "upperValue">): { lines: number[]; zones: ValueRange[] } | null {
  if (!isComparable(rule)) return null;
  const v = rule.value as number;
  switch (rule.comparator) {
    case "ABOVE":
      return { lines: [v], zones: [{ from: v, to: null }] };
    case "BELOW":
      return { lines: [v], zones: [{ from: null, to: v }] };
    case "OUTSIDE": {
      const upper = rule.upperValue as number;
      return {
        lines: [v, upper],
        zones: [
          { from: null, to: v },
          { from: upper, to: null },
        ],
      };
    }
    default:
      return null;
  }
}

// ───────────────────────────── NO_DATA (§5.3.1) ─────────────────────────────

/**
 * Data is missing when the last observation (or, for an indicator that never reported, `since`,
 * e.g. its creation) is more than `expectedIntervalMinutes × noDataFactor` before `now`.
 * An indicator without an expected interval is never missing.
 */
export function isMissing(lastObservedAt: Date | null, expectedIntervalMinutes: number | null, noDataFactor: number, now: Date, since: Date | null = null): boolean {
  if (expectedIntervalMinutes == null || expectedIntervalMinutes <= 0) return false;
  const ref = lastObservedAt ?? since;
  if (!ref) return true;
  const factor = noDataFactor > 0 ? noDataFactor : 1;
  return now.getTime() - ref.getTime() > expectedIntervalMinutes * factor * MINUTE;
}

// ───────────────────────────── levels and status (escalation) ─────────────────────────────

const LEVEL_RANK: Record<AlertLevel, number> = { WARNING: 1, CRITICAL: 2 };

export const levelRank = (level: AlertLevel) => LEVEL_RANK[level];

export function maxLevel(levels: Iterable<AlertLevel>): AlertLevel | null {
  let best: AlertLevel | null = null;
  for (const l of levels) if (!best || LEVEL_RANK[l] > LEVEL_RANK[best]) best = l;
  return best;
}

/**
 * The highest level among the THRESHOLD rules the value breaches (ignoring hysteresis and
 * pending), or null: what a chart colours a point with.
 */
export function levelForValue(rules: (Pick<RuleSpec, "kind" | "level" | "comparator" | "value" | "upperValue"> & { enabled?: boolean })[], value: number): AlertLevel | null {
  return maxLevel(rules.filter((r) => r.kind === "THRESHOLD" && r.enabled !== false && isBreach(r, value)).map((r) => r.level));
}

/**
 * An indicator's status from the open alerts of its rules: an open NO_DATA alert makes it
 * NO_DATA (its values are stale); else the highest open level; else OK.
 */
export function statusFromOpenAlerts(open: { level: AlertLevel; ruleKind: RuleKind }[]): IndicatorStatus {
  if (open.some((a) => a.ruleKind === "NO_DATA")) return "NO_DATA";
  return maxLevel(open.map((a) => a.level)) ?? "OK";
}

/** Compares two alert levels for sorting (WARNING before CRITICAL). */
export const byLevel = (a: { level: AlertLevel }, b: { level: AlertLevel }) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level];

/** A readable line for an alert. */
export function describeBreach(rule: RuleSpec, value: number, unit = ""): string {
  const u = unit ? ` ${unit}` : "";
  switch (rule.comparator) {
    case "ABOVE":
      return `${value}${u} is above the ${rule.level.toLowerCase()} threshold ${rule.value}${u}`;
    case "BELOW":
      return `${value}${u} is below the ${rule.level.toLowerCase()} threshold ${rule.value}${u}`;
    case "OUTSIDE":
      return `${value}${u} is outside the ${rule.level.toLowerCase()} band [${rule.value}, ${rule.upperValue}]${u}`;
    default:
      return `${value}${u}`;
  }
}
