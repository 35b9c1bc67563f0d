import { describe, expect, it } from "vitest";
import { breachZones, pointLevel, thresholdLines, valueExtent, type ChartRule } from "./indicatorChartModel";

// The bands are the server's (ThresholdRule.band, §5.3.2): ABOVE v is (v, ∞), BELOW v (-∞, v),
// OUTSIDE [lo, hi] both sides. These pin how the chart lays them out, not the rules themselves.
const above = (value: number, level: ChartRule["level"] = "WARNING"): ChartRule => ({ level, enabled: true, band: { lines: [value], zones: [{ from: value, to: null }] } });
const below = (value: number, level: ChartRule["level"] = "WARNING"): ChartRule => ({ level, enabled: true, band: { lines: [value], zones: [{ from: null, to: value }] } });
const outside = (lo: number, hi: number, level: ChartRule["level"] = "WARNING"): ChartRule => ({
  level,
  enabled: true,
  band: {
    lines: [lo, hi],
    zones: [
      { from: null, to: lo },
      { from: hi, to: null },
    ],
  },
});

describe("pointLevel: §5.3.2 a point is marked with the highest level whose breaching range holds it", () => {
  const lowerIsBetter = [above(8), above(12, "CRITICAL")];

  it("returns the highest level; the threshold itself does not breach (open ranges)", () => {
    expect(pointLevel(lowerIsBetter, 5)).toBeNull();
    expect(pointLevel(lowerIsBetter, 8)).toBeNull();
    expect(pointLevel(lowerIsBetter, 9)).toBe("WARNING");
    expect(pointLevel(lowerIsBetter, 13)).toBe("CRITICAL");
  });

  it("handles BELOW and OUTSIDE bands, and ignores disabled rules and rules without a band", () => {
    expect(pointLevel([below(85)], 80)).toBe("WARNING");
    const band = [outside(-5, 5), outside(-10, 10, "CRITICAL")];
    expect(pointLevel(band, 0)).toBeNull();
    expect(pointLevel(band, 6)).toBe("WARNING");
    expect(pointLevel(band, -11)).toBe("CRITICAL");
    expect(pointLevel([{ ...above(8), enabled: false }], 100)).toBeNull();
    expect(pointLevel([{ level: "CRITICAL", enabled: true, band: null }], 100)).toBeNull();
  });
});

describe("thresholdLines and breachZones", () => {
  it("draws both edges of a band, critical last", () => {
    expect(thresholdLines([outside(55, 90, "CRITICAL"), above(50)])).toEqual([
      { level: "WARNING", value: 50 },
      { level: "CRITICAL", value: 55 },
      { level: "CRITICAL", value: 90 },
    ]);
  });

  it("clips the bad zones to the axis", () => {
    expect(breachZones([above(8), below(2, "CRITICAL")], 0, 10)).toEqual([
      { level: "WARNING", from: 8, to: 10 },
      { level: "CRITICAL", from: 0, to: 2 },
    ]);
  });

  it("ends a warning zone where the critical zone begins", () => {
    expect(breachZones([above(8), above(12, "CRITICAL")], 0, 20)).toEqual([
      { level: "WARNING", from: 8, to: 12 },
      { level: "CRITICAL", from: 12, to: 20 },
    ]);
    expect(breachZones([outside(-5, 5), outside(-10, 10, "CRITICAL")], -20, 20)).toEqual([
      { level: "WARNING", from: -10, to: -5 },
      { level: "WARNING", from: 5, to: 10 },
      { level: "CRITICAL", from: -20, to: -10 },
      { level: "CRITICAL", from: 10, to: 20 },
    ]);
    expect(breachZones([above(20)], 0, 10)).toEqual([]);
  });
});

describe("valueExtent", () => {
  it("includes nearby thresholds but not far ones", () => {
    const [lo, hi] = valueExtent([4, 5, 6], [8, 1000])!;
    expect(lo).toBeLessThan(4);
    expect(hi).toBeGreaterThan(8);
    expect(hi).toBeLessThan(20);
  });
});
