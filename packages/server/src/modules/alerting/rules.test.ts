import { describe, expect, it } from "vitest";
import {
  emptyState,
  evaluateThreshold,
  evaluateThresholdSeries,
  evaluateTrend,
  isBreach,
  isClear,
  isMissing,
  levelForValue,
  linearFit,
  minutesToCross,
  statusFromOpenAlerts,
  type RuleSpec,
  type Sample,
} from "./rules.js";

const T0 = new Date("2025-03-01T08:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const s = (minutes: number, value: number): Sample => ({ observedAt: at(minutes), value });

const rule = (over: Partial<RuleSpec> = {}): RuleSpec => ({
  kind: "THRESHOLD",
  level: "WARNING",
  comparator: "ABOVE",
  value: 80,
  upperValue: null,
  clearValue: null,
  clearUpperValue: null,
  consecutive: 1,
  pendingMinutes: 0,
  keepFiringMinutes: 0,
  noDataFactor: 2,
  trendWindow: null,
  trendHorizonMinutes: null,
  ...over,
});

const decisions = (r: RuleSpec, samples: Sample[]) => evaluateThresholdSeries(r, emptyState(), samples).steps.map((x) => x.decision);

describe("§5.3.2 THRESHOLD comparators", () => {
  it("§5.3.2 ABOVE breaches strictly above the value", () => {
    const r = rule({ comparator: "ABOVE", value: 80 });
    expect(isBreach(r, 80)).toBe(false);
    expect(isBreach(r, 80.01)).toBe(true);
  });
  it("§5.3.2 BELOW breaches strictly below the value", () => {
    const r = rule({ comparator: "BELOW", value: 10 });
    expect(isBreach(r, 10)).toBe(false);
    expect(isBreach(r, 9.99)).toBe(true);
  });
  it("§5.3.2 OUTSIDE breaches outside the band [value, upperValue]", () => {
    const r = rule({ comparator: "OUTSIDE", value: 10, upperValue: 20 });
    expect([9, 10, 15, 20, 21].map((v) => isBreach(r, v))).toEqual([true, false, false, false, true]);
    expect(isBreach(rule({ comparator: "OUTSIDE", value: 10, upperValue: null }), 100)).toBe(false);
  });
  it("§5.3.2 a reading past the threshold fires, one back below resolves", () => {
    expect(decisions(rule(), [s(0, 50), s(1, 90), s(2, 95), s(3, 70), s(4, 60)])).toEqual(["none", "fire", "keep", "resolve", "none"]);
  });
  it("§5.3.2 the fired state carries the rule's level", () => {
    const r = evaluateThreshold(rule({ level: "CRITICAL" }), emptyState(), s(0, 99));
    expect(r.decision).toBe("fire");
    expect(r.state.open).toEqual({ level: "CRITICAL", state: "FIRING" });
  });
});

describe("§5.3.2 hysteresis (clear value)", () => {
  it("§5.3.2 ABOVE: once firing, clears only at or below clearValue", () => {
    const r = rule({ value: 80, clearValue: 70 });
    expect(decisions(r, [s(0, 85), s(1, 75), s(2, 79), s(3, 81), s(4, 70), s(5, 75)])).toEqual(["fire", "keep", "keep", "keep", "resolve", "none"]);
  });
  it("§5.3.2 BELOW: clears only at or above clearValue", () => {
    const r = rule({ comparator: "BELOW", value: 10, clearValue: 15 });
    expect(decisions(r, [s(0, 9), s(1, 12), s(2, 15)])).toEqual(["fire", "keep", "resolve"]);
  });
  it("§5.3.2 OUTSIDE: clears only inside [clearValue, clearUpperValue]", () => {
    const r = rule({ comparator: "OUTSIDE", value: 10, upperValue: 20, clearValue: 12, clearUpperValue: 18 });
    expect(isClear(r, 19)).toBe(false);
    expect(isClear(r, 18)).toBe(true);
    expect(decisions(r, [s(0, 25), s(1, 19), s(2, 11), s(3, 15)])).toEqual(["fire", "keep", "keep", "resolve"]);
  });
  it("§5.3.2 without clearValue, clear means not breaching", () => {
    const r = rule({ value: 80 });
    expect(isClear(r, 80)).toBe(true);
    expect(isClear(r, 81)).toBe(false);
  });
});

describe("§5.3.2 consecutive breaches and pending duration", () => {
  it("§5.3.2 consecutive=3 needs three breaches in a row; a normal reading resets the count", () => {
    const r = rule({ consecutive: 3 });
    expect(decisions(r, [s(0, 90), s(1, 90), s(2, 50), s(3, 90), s(4, 90), s(5, 90), s(6, 90)])).toEqual(["none", "none", "none", "none", "none", "fire", "keep"]);
  });
  it("§5.3.2 pendingMinutes=10 needs ten minutes of continuous breach", () => {
    const r = rule({ pendingMinutes: 10 });
    const res = evaluateThresholdSeries(r, emptyState(), [s(0, 90), s(5, 90), s(9, 90), s(10, 90)]);
    expect(res.steps.map((x) => x.decision)).toEqual(["none", "none", "none", "fire"]);
    expect(res.steps[2].state.breachSince).toEqual(at(0));
    expect(res.steps[2].state.breachCount).toBe(3);
  });
  it("§5.3.2 a pending breach interrupted by a normal reading starts over", () => {
    const r = rule({ pendingMinutes: 10 });
    expect(decisions(r, [s(0, 90), s(6, 50), s(11, 90), s(20, 90), s(21, 90)])).toEqual(["none", "none", "none", "none", "fire"]);
  });
  it("§5.3.2 consecutive and pending both set: both must hold", () => {
    const r = rule({ consecutive: 2, pendingMinutes: 10 });
    expect(decisions(r, [s(0, 90), s(11, 90)])).toEqual(["none", "fire"]);
    expect(decisions(r, [s(0, 90), s(1, 90), s(2, 90), s(10, 90)])).toEqual(["none", "none", "none", "fire"]);
  });
});

describe("§5.3.2 keep firing", () => {
  it("§5.3.2 keepFiringMinutes=15 resolves only after 15 minutes of clear condition", () => {
    const r = rule({ keepFiringMinutes: 15 });
    const res = evaluateThresholdSeries(r, emptyState(), [s(0, 90), s(1, 50), s(10, 50), s(16, 50)]);
    expect(res.steps.map((x) => x.decision)).toEqual(["fire", "keep", "keep", "resolve"]);
    expect(res.steps[2].state.clearSince).toEqual(at(1));
  });
  it("§5.3.2 a breach during keep-firing restarts the wait", () => {
    const r = rule({ keepFiringMinutes: 15 });
    expect(decisions(r, [s(0, 90), s(1, 50), s(10, 90), s(20, 50), s(30, 50), s(35, 50)])).toEqual(["fire", "keep", "keep", "keep", "keep", "resolve"]);
  });
  it("§5.3.2 an acknowledged alert is still open for evaluation", () => {
    const r = evaluateThreshold(rule(), { ...emptyState(), open: { level: "WARNING", state: "ACKNOWLEDGED" } }, s(0, 95));
    expect(r.decision).toBe("keep");
    expect(r.state.open?.state).toBe("ACKNOWLEDGED");
  });
});

describe("§4.2.4 TREND (least-squares projection)", () => {
  const trend = (over: Partial<RuleSpec> = {}) => rule({ kind: "TREND", comparator: "ABOVE", value: 100, trendWindow: 5, trendHorizonMinutes: 60, ...over });

  it("§4.2.4 linear fit recovers slope and intercept", () => {
    const fit = linearFit([s(0, 10), s(10, 30), s(20, 50)])!;
    expect(fit.slope).toBeCloseTo(2);
    expect(fit.intercept).toBeCloseTo(50);
    expect(fit.origin).toEqual(at(20));
    expect(linearFit([s(0, 1)])).toBeNull();
    expect(linearFit([s(0, 1), s(0, 2)])).toBeNull();
  });
  it("§4.2.4 fires with predictedAt when the line crosses within the horizon", () => {
    // 2 per minute, last value 60 at minute 20 → 100 at minute 40.
    const r = evaluateTrend(trend(), [s(0, 20), s(10, 40), s(20, 60)], null);
    expect(r.decision).toBe("fire");
    expect(r.predictedAt).toEqual(at(40));
  });
  it("§4.2.4 no fire when the crossing lies beyond the horizon", () => {
    const r = evaluateTrend(trend({ trendHorizonMinutes: 10 }), [s(0, 20), s(10, 40), s(20, 60)], null);
    expect(r.decision).toBe("none");
    expect(r.predictedAt).toBeNull();
  });
  it("§4.2.4 no trend alert when the current value already breaches", () => {
    const r = evaluateTrend(trend(), [s(0, 80), s(10, 95), s(20, 110)], null);
    expect(r.decision).toBe("none");
  });
  it("§4.2.4 BELOW trend predicts a falling crossing", () => {
    const r = evaluateTrend(trend({ comparator: "BELOW", value: 10 }), [s(0, 50), s(10, 40), s(20, 30)], null);
    expect(r.decision).toBe("fire");
    expect(r.predictedAt).toEqual(at(40));
  });
  it("§4.2.4 OUTSIDE trend takes the earlier of the two crossings", () => {
    const r = minutesToCross({ comparator: "OUTSIDE", value: 0, upperValue: 100 }, linearFit([s(0, 50), s(10, 60)])!, 120);
    expect(r).toBeCloseTo(40);
  });
  it("§4.2.4 only the last trendWindow readings count", () => {
    // Old readings fall steeply; the last three rise: the window sees the rise only.
    const r = evaluateTrend(trend({ trendWindow: 3 }), [s(0, 500), s(5, 300), s(10, 0), s(20, 20), s(30, 40), s(40, 60)], null);
    expect(r.decision).toBe("fire");
    expect(r.predictedAt).toEqual(at(60));
  });
  it("§4.2.4 an open trend alert resolves when the projection no longer crosses", () => {
    const open = { level: "WARNING" as const, state: "FIRING" as const };
    expect(evaluateTrend(trend(), [s(0, 20), s(10, 40), s(20, 60)], open).decision).toBe("keep");
    expect(evaluateTrend(trend(), [s(0, 60), s(10, 50), s(20, 40)], open).decision).toBe("resolve");
  });
});

describe("§5.3.1 NO_DATA", () => {
  it("§5.3.1 missing after interval × factor", () => {
    expect(isMissing(at(0), 10, 2, at(20))).toBe(false);
    expect(isMissing(at(0), 10, 2, at(20.01))).toBe(true);
    expect(isMissing(at(0), 10, 1.5, at(16))).toBe(true);
  });
  it("§5.3.1 an indicator without expected interval is never missing", () => {
    expect(isMissing(null, null, 2, at(1000))).toBe(false);
  });
  it("§5.3.1 never reported: measured from `since`, or missing without one", () => {
    expect(isMissing(null, 10, 2, at(5), at(0))).toBe(false);
    expect(isMissing(null, 10, 2, at(25), at(0))).toBe(true);
    expect(isMissing(null, 10, 2, at(5))).toBe(true);
  });
});

describe("§5.3.2 escalation levels and status", () => {
  const rules = [{ ...rule({ level: "WARNING", value: 80 }) }, { ...rule({ level: "CRITICAL", value: 95 }) }, { ...rule({ kind: "TREND", level: "CRITICAL", value: 10 }) }];
  it("§5.3.2 levelForValue gives the highest breached THRESHOLD level", () => {
    expect(levelForValue(rules, 50)).toBeNull();
    expect(levelForValue(rules, 85)).toBe("WARNING");
    expect(levelForValue(rules, 99)).toBe("CRITICAL");
  });
  it("§5.3.2 status: CRITICAL over WARNING, NO_DATA over both, OK without open alerts", () => {
    expect(statusFromOpenAlerts([])).toBe("OK");
    expect(statusFromOpenAlerts([{ level: "WARNING", ruleKind: "THRESHOLD" }])).toBe("WARNING");
    expect(
      statusFromOpenAlerts([
        { level: "WARNING", ruleKind: "THRESHOLD" },
        { level: "CRITICAL", ruleKind: "TREND" },
      ]),
    ).toBe("CRITICAL");
    expect(
      statusFromOpenAlerts([
        { level: "CRITICAL", ruleKind: "THRESHOLD" },
        { level: "WARNING", ruleKind: "NO_DATA" },
      ]),
    ).toBe("NO_DATA");
  });
});
