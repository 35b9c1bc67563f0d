import { describe, expect, it } from "vitest";
import { ruleSpec } from "../alerting/rule-spec.fixture.js";
import { indicatorProblem, type IndicatorShape, type RuleDraft, ruleProblem } from "./rule-validation.js";

// §4.1.2, §5.3.2: a threshold rule must make sense for its indicator before it is stored. These
// are the rules of `ruleProblem` / `indicatorProblem`, pure, checked beside the code (issue 9 item
// 7: the comment said "unit-tested here" with no test). Each case pins the rule the API refused
// with that field and code; a rule that slips through would warn when the target is met, or never.
/** A WARNING "below 90" THRESHOLD rule (the engine's fixture, turned to a higher-is-better indicator). */
const rule = (over: Partial<RuleDraft> = {}): RuleDraft => ruleSpec({ comparator: "BELOW", value: 90, ...over });
const higherIsBetter: IndicatorShape = { direction: "HIGHER_IS_BETTER", target: 95, expectedIntervalMinutes: 60 };
const band: IndicatorShape = { direction: "TARGET_BAND", target: null, expectedIntervalMinutes: 60 };
const problem = (r: RuleDraft, i: IndicatorShape = higherIsBetter, siblings: RuleDraft[] = []) => {
  const p = ruleProblem(r, i, siblings);
  return p && { field: p.field, code: p.code };
};

describe("ruleProblem (§5.3.2)", () => {
  it("accepts a warning below the target of a higher-is-better indicator, with a clear value above it", () => {
    expect(problem(rule({ clearValue: 92 }))).toBeNull();
  });

  it("refuses the comparator that warns on the good side of the indicator's direction", () => {
    expect(problem(rule({ comparator: "ABOVE", value: 99 }))).toEqual({ field: "comparator", code: "INVALID_THRESHOLD" });
  });

  it("refuses a BELOW threshold above the target: it would warn while the target is met", () => {
    expect(problem(rule({ value: 97 }))).toEqual({ field: "value", code: "INVALID_THRESHOLD" });
  });

  it("hysteresis: the clear value lies on the good side of the threshold", () => {
    expect(problem(rule({ clearValue: 85 }))).toEqual({ field: "clearValue", code: "INVALID_THRESHOLD" });
    expect(problem(rule({ comparator: "ABOVE", value: 10, clearValue: 12 }), { direction: "LOWER_IS_BETTER", target: 5, expectedIntervalMinutes: 60 })).toEqual({
      field: "clearValue",
      code: "INVALID_THRESHOLD",
    });
  });

  it("an OUTSIDE rule needs two ordered bounds, and its clear band inside the alert band", () => {
    expect(problem(rule({ comparator: "OUTSIDE", value: 10 }), band)).toEqual({ field: "upperValue", code: "BAD_USER_INPUT" });
    expect(problem(rule({ comparator: "OUTSIDE", value: 10, upperValue: 10 }), band)).toEqual({ field: "upperValue", code: "BAD_USER_INPUT" });
    expect(problem(rule({ comparator: "OUTSIDE", value: 10, upperValue: 20, clearValue: 11 }), band)).toEqual({ field: "clearUpperValue", code: "BAD_USER_INPUT" });
    expect(problem(rule({ comparator: "OUTSIDE", value: 10, upperValue: 20, clearValue: 9, clearUpperValue: 19 }), band)).toEqual({
      field: "clearValue",
      code: "INVALID_THRESHOLD",
    });
    expect(problem(rule({ comparator: "OUTSIDE", value: 10, upperValue: 20, clearValue: 11, clearUpperValue: 19 }), band)).toBeNull();
    expect(problem(rule({ upperValue: 99 }))).toEqual({ field: "upperValue", code: "BAD_USER_INPUT" });
  });

  it("a CRITICAL threshold lies at least as far on the bad side as the WARNING of the same comparator", () => {
    const warning = rule({ value: 90 });
    expect(problem(rule({ level: "CRITICAL", value: 92 }), higherIsBetter, [warning])).toEqual({ field: "value", code: "INVALID_THRESHOLD" });
    expect(problem(rule({ level: "CRITICAL", value: 85 }), higherIsBetter, [warning])).toBeNull();
    // and the other way round: a WARNING added beyond an existing CRITICAL
    expect(problem(rule({ value: 80 }), higherIsBetter, [rule({ level: "CRITICAL", value: 85 })])).toEqual({ field: "value", code: "INVALID_THRESHOLD" });
  });

  it("NO_DATA needs the indicator's expected interval and takes no comparator or value", () => {
    const noData = rule({ kind: "NO_DATA", comparator: null, value: null });
    expect(problem(noData)).toBeNull();
    expect(problem(noData, { ...higherIsBetter, expectedIntervalMinutes: null })).toEqual({ field: "kind", code: "INVALID_THRESHOLD" });
    expect(problem(rule({ kind: "NO_DATA" }))).toEqual({ field: "comparator", code: "BAD_USER_INPUT" });
  });

  it("TREND needs a window of 3 to 10,000 readings and a positive horizon", () => {
    expect(problem(rule({ kind: "TREND", trendWindow: 2, trendHorizonMinutes: 60 }))).toEqual({ field: "trendWindow", code: "BAD_USER_INPUT" });
    expect(problem(rule({ kind: "TREND", trendWindow: 10, trendHorizonMinutes: 0 }))).toEqual({ field: "trendHorizonMinutes", code: "BAD_USER_INPUT" });
    expect(problem(rule({ kind: "TREND", trendWindow: 10, trendHorizonMinutes: 60 }))).toBeNull();
  });

  it("numbers must be finite, consecutive a whole number from 1 to 1000, durations not negative", () => {
    expect(problem(rule({ value: Number.NaN }))).toEqual({ field: "value", code: "BAD_USER_INPUT" });
    expect(problem(rule({ consecutive: 0 }))).toEqual({ field: "consecutive", code: "BAD_USER_INPUT" });
    expect(problem(rule({ consecutive: 1.5 }))).toEqual({ field: "consecutive", code: "BAD_USER_INPUT" });
    expect(problem(rule({ pendingMinutes: -1 }))).toEqual({ field: "pendingMinutes", code: "BAD_USER_INPUT" });
  });
});

describe("indicatorProblem (§4.1.2)", () => {
  const indicator = { direction: "HIGHER_IS_BETTER" as const, target: 95, targetLow: null, targetHigh: null, expectedIntervalMinutes: 60 };
  it("a target band needs two ordered bounds; the interval lies between a minute and a year", () => {
    expect(indicatorProblem(indicator)).toBeNull();
    expect(indicatorProblem({ ...indicator, direction: "TARGET_BAND" })?.field).toBe("targetLow");
    expect(indicatorProblem({ ...indicator, direction: "TARGET_BAND", targetLow: 5, targetHigh: 5 })?.field).toBe("targetHigh");
    expect(indicatorProblem({ ...indicator, expectedIntervalMinutes: 0 })?.field).toBe("expectedIntervalMinutes");
    expect(indicatorProblem({ ...indicator, target: Number.POSITIVE_INFINITY })?.field).toBe("target");
  });
});
