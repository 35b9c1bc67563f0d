import type { ThresholdRule } from "../../generated/prisma/client.js";
import type { Comparator, Direction } from "../../generated/prisma/enums.js";

/** The fields of a threshold rule that decide whether it makes sense (the stored row's types). */
export type RuleDraft = Pick<
  ThresholdRule,
  | "kind"
  | "level"
  | "comparator"
  | "value"
  | "upperValue"
  | "clearValue"
  | "clearUpperValue"
  | "consecutive"
  | "pendingMinutes"
  | "keepFiringMinutes"
  | "trendWindow"
  | "trendHorizonMinutes"
>;

export interface IndicatorShape {
  direction: Direction;
  target: number | null;
  expectedIntervalMinutes: number | null;
}

export interface RuleProblem {
  field: string;
  message: string;
  /** INVALID_THRESHOLD when the rule contradicts the indicator; BAD_USER_INPUT otherwise. */
  code: "INVALID_THRESHOLD" | "BAD_USER_INPUT";
}

/** The comparator that warns on the bad side of each direction (§4.1.2, §5.3.2). */
const WARNS_WHEN: Record<Direction, Comparator[]> = {
  HIGHER_IS_BETTER: ["BELOW"],
  LOWER_IS_BETTER: ["ABOVE"],
  TARGET_BAND: ["OUTSIDE", "ABOVE", "BELOW"],
};

/** The comparators a rule on an indicator of this direction may use, the usual one first (the rule editor offers these). */
export function warningComparators(direction: Direction): readonly Comparator[] {
  return WARNS_WHEN[direction];
}

/**
 * Checks a threshold rule against itself, its indicator and the indicator's other rules.
 * Returns the first problem, or null. Pure, so the rules of §5.3.2 are unit-tested beside it
 * (rule-validation.test.ts).
 */
export function ruleProblem(rule: RuleDraft, indicator: IndicatorShape, siblings: RuleDraft[] = []): RuleProblem | null {
  const bad = (field: string, message: string): RuleProblem => ({ field, message, code: "BAD_USER_INPUT" });
  const contradiction = (field: string, message: string): RuleProblem => ({ field, message, code: "INVALID_THRESHOLD" });
  for (const [field, v] of Object.entries({ value: rule.value, upperValue: rule.upperValue, clearValue: rule.clearValue, clearUpperValue: rule.clearUpperValue })) {
    if (v != null && !Number.isFinite(v)) return bad(field, `${field} must be a finite number.`);
  }
  if (!Number.isInteger(rule.consecutive) || rule.consecutive < 1 || rule.consecutive > 1000) return bad("consecutive", "consecutive must be a whole number from 1 to 1000.");
  if (rule.pendingMinutes < 0 || rule.keepFiringMinutes < 0) return bad("pendingMinutes", "Durations cannot be negative.");

  if (rule.kind === "NO_DATA") {
    if (!indicator.expectedIntervalMinutes) return contradiction("kind", "A NO_DATA rule needs the indicator's expectedIntervalMinutes.");
    if (rule.comparator || rule.value != null) return bad("comparator", "A NO_DATA rule takes no comparator or value.");
    return null;
  }

  if (!rule.comparator) return bad("comparator", `A ${rule.kind} rule needs a comparator.`);
  if (rule.value == null) return bad("value", `A ${rule.kind} rule needs a value.`);
  if (rule.comparator === "OUTSIDE") {
    if (rule.upperValue == null) return bad("upperValue", "An OUTSIDE rule needs both bounds: value (lower) and upperValue.");
    if (rule.upperValue <= rule.value) return bad("upperValue", "upperValue must be greater than value.");
  } else if (rule.upperValue != null) {
    return bad("upperValue", "upperValue belongs to OUTSIDE rules only.");
  }
  if (!WARNS_WHEN[indicator.direction].includes(rule.comparator)) {
    const side = indicator.direction === "HIGHER_IS_BETTER" ? "BELOW" : "ABOVE";
    return contradiction("comparator", `The indicator is ${indicator.direction}: a warning fires when the value is ${side} the threshold, not ${rule.comparator}.`);
  }
  if (indicator.target != null && rule.comparator !== "OUTSIDE") {
    if (rule.comparator === "BELOW" && rule.value > indicator.target) {
      return contradiction("value", `A BELOW threshold of ${rule.value} is above the target ${indicator.target}: it would warn when the target is met.`);
    }
    if (rule.comparator === "ABOVE" && rule.value < indicator.target) {
      return contradiction("value", `An ABOVE threshold of ${rule.value} is below the target ${indicator.target}: it would warn when the target is met.`);
    }
  }
  // Hysteresis: the clear value sits on the good side of the threshold.
  if (rule.clearValue != null) {
    if (rule.comparator === "BELOW" && rule.clearValue < rule.value) return contradiction("clearValue", "For a BELOW rule the clear value must be at or above the threshold.");
    if (rule.comparator === "ABOVE" && rule.clearValue > rule.value) return contradiction("clearValue", "For an ABOVE rule the clear value must be at or below the threshold.");
    if (rule.comparator === "OUTSIDE") {
      if (rule.clearUpperValue == null) return bad("clearUpperValue", "An OUTSIDE rule with a clear value needs clearUpperValue too.");
      if (rule.clearValue < rule.value || rule.clearUpperValue > rule.upperValue! || rule.clearValue > rule.clearUpperValue) {
        return contradiction("clearValue", "For an OUTSIDE rule the clear band must lie inside the alert band.");
      }
    }
  }
  if (rule.kind === "TREND") {
    if (!rule.trendWindow || rule.trendWindow < 3 || rule.trendWindow > 10_000) return bad("trendWindow", "A TREND rule needs trendWindow between 3 and 10000 readings.");
    if (!rule.trendHorizonMinutes || rule.trendHorizonMinutes < 1) return bad("trendHorizonMinutes", "A TREND rule needs a positive trendHorizonMinutes.");
  }
  // A CRITICAL threshold is at least as far on the bad side as the WARNING one.
  if (rule.kind === "THRESHOLD") {
    for (const other of siblings) {
      if (other.kind !== "THRESHOLD" || other.comparator !== rule.comparator || other.level === rule.level || other.value == null) continue;
      const [warning, critical] = rule.level === "CRITICAL" ? [other, rule] : [rule, other];
      const wrong = (rule.comparator === "BELOW" && critical.value! > warning.value!) || (rule.comparator === "ABOVE" && critical.value! < warning.value!);
      if (wrong) return contradiction("value", `The CRITICAL threshold (${critical.value}) must be further on the bad side than the WARNING one (${warning.value}).`);
    }
  }
  return null;
}

/** Checks the indicator's own numbers: a band needs two ordered bounds. */
export function indicatorProblem(i: {
  direction: Direction;
  target: number | null;
  targetLow: number | null;
  targetHigh: number | null;
  expectedIntervalMinutes: number | null;
}): RuleProblem | null {
  const bad = (field: string, message: string): RuleProblem => ({ field, message, code: "BAD_USER_INPUT" });
  for (const [field, v] of Object.entries({ target: i.target, targetLow: i.targetLow, targetHigh: i.targetHigh })) {
    if (v != null && !Number.isFinite(v)) return bad(field, `${field} must be a finite number.`);
  }
  if (i.direction === "TARGET_BAND") {
    if (i.targetLow == null || i.targetHigh == null) return bad("targetLow", "A TARGET_BAND indicator needs targetLow and targetHigh.");
    if (i.targetLow >= i.targetHigh) return bad("targetHigh", "targetHigh must be greater than targetLow.");
  }
  if (i.expectedIntervalMinutes != null && (i.expectedIntervalMinutes < 1 || i.expectedIntervalMinutes > 527_040)) {
    return bad("expectedIntervalMinutes", "expectedIntervalMinutes must be between 1 minute and a year.");
  }
  return null;
}
