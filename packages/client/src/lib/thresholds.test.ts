import { describe, expect, it } from "vitest";
import { breachZones, classifyValue, thresholdLines, trendHorizonMs, valueExtent, type ChartRule } from "./thresholds";

const rule = (over: Partial<ChartRule>): ChartRule => ({
  id: "r", kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 8, upperValue: null, enabled: true, ...over,
});

// §5.3.2: the chart marks breaches with the same comparison the server's rules use.
describe("classifyValue", () => {
  const lowerIsBetter = [rule({ level: "WARNING", value: 8 }), rule({ level: "CRITICAL", value: 12 })];

  it("returns the highest level breached", () => {
    expect(classifyValue(lowerIsBetter, 5)).toBeNull();
    expect(classifyValue(lowerIsBetter, 8)).toBeNull(); // strictly past the threshold
    expect(classifyValue(lowerIsBetter, 9)).toBe("WARNING");
    expect(classifyValue(lowerIsBetter, 13)).toBe("CRITICAL");
  });

  it("handles BELOW and OUTSIDE bands, and ignores disabled or non-threshold rules", () => {
    expect(classifyValue([rule({ comparator: "BELOW", value: 85 })], 80)).toBe("WARNING");
    const band = [rule({ comparator: "OUTSIDE", value: -5, upperValue: 5 }), rule({ comparator: "OUTSIDE", value: -10, upperValue: 10, level: "CRITICAL" })];
    expect(classifyValue(band, 0)).toBeNull();
    expect(classifyValue(band, 6)).toBe("WARNING");
    expect(classifyValue(band, -11)).toBe("CRITICAL");
    expect(classifyValue([rule({ enabled: false })], 100)).toBeNull();
    expect(classifyValue([rule({ kind: "TREND" })], 100)).toBeNull();
  });
});

describe("thresholdLines and breachZones", () => {
  it("draws both edges of a band", () => {
    expect(thresholdLines([rule({ comparator: "OUTSIDE", value: 55, upperValue: 90 })]).map((l) => l.value)).toEqual([55, 90]);
  });

  it("clips the bad zones to the axis", () => {
    expect(breachZones([rule({ value: 8 }), rule({ comparator: "BELOW", value: 2, level: "CRITICAL" })], 0, 10)).toEqual([
      { level: "WARNING", from: 8, to: 10 },
      { level: "CRITICAL", from: 0, to: 2 },
    ]);
  });

  it("ends a warning zone where the critical zone begins", () => {
    const rules = [rule({ value: 8 }), rule({ value: 12, level: "CRITICAL" })];
    expect(breachZones(rules, 0, 20)).toEqual([
      { level: "WARNING", from: 8, to: 12 },
      { level: "CRITICAL", from: 12, to: 20 },
    ]);
    const band = [rule({ comparator: "OUTSIDE", value: -5, upperValue: 5 }), rule({ comparator: "OUTSIDE", value: -10, upperValue: 10, level: "CRITICAL" })];
    expect(breachZones(band, -20, 20)).toEqual([
      { level: "WARNING", from: -10, to: -5 },
      { level: "WARNING", from: 5, to: 10 },
      { level: "CRITICAL", from: -20, to: -10 },
      { level: "CRITICAL", from: 10, to: 20 },
    ]);
    expect(breachZones([rule({ value: 20 })], 0, 10)).toEqual([]);
  });
});

describe("trendHorizonMs and valueExtent", () => {
  it("reads the TREND rule's horizon", () => {
    expect(trendHorizonMs([rule({ kind: "TREND", trendHorizonMinutes: 720 })])).toBe(720 * 60_000);
    expect(trendHorizonMs([rule({})])).toBeNull();
  });

  it("includes nearby thresholds but not far ones", () => {
    const [lo, hi] = valueExtent([4, 5, 6], [8, 1000])!;
    expect(lo).toBeLessThan(4);
    expect(hi).toBeGreaterThan(8);
    expect(hi).toBeLessThan(20);
  });
});
