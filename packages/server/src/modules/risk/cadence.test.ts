import { describe, expect, it } from "vitest";
import { DEFAULT_REVIEW_MONTHS, nextReviewAfter, reviewMonths } from "./cadence.js";

describe("§5.1.2 review cadence by level", () => {
  it("defaults to EXTREME monthly, HIGH quarterly, MEDIUM half-yearly, LOW yearly; RISK_REVIEW_MONTHS overrides some", () => {
    expect(reviewMonths("")).toEqual({ EXTREME: 1, HIGH: 3, MEDIUM: 6, LOW: 12 });
    expect(reviewMonths("HIGH=2, LOW=24")).toEqual({ ...DEFAULT_REVIEW_MONTHS, HIGH: 2, LOW: 24 });
  });
  it("refuses a setting it cannot read instead of silently using the default", () => {
    for (const bad of ["HIGH", "HIGH=0", "HIGH=1.5", "SEVERE=3", "HIGH=abc"]) expect(() => reviewMonths(bad)).toThrow(/RISK_REVIEW_MONTHS/);
  });
  it("counts calendar months in UTC from the assessment", () => {
    expect(nextReviewAfter(new Date("2026-01-15T08:00:00Z"), "HIGH", { ...DEFAULT_REVIEW_MONTHS }).toISOString()).toBe("2026-04-15T08:00:00.000Z");
    expect(nextReviewAfter(new Date("2026-11-30T00:00:00Z"), "EXTREME", { ...DEFAULT_REVIEW_MONTHS }).toISOString()).toBe("2026-12-30T00:00:00.000Z");
  });
});
