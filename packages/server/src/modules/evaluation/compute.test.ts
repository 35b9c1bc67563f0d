import { describe, expect, it } from "vitest";
import { criterionRows, type IndicatorFigures, score } from "./compute.js";
import { DEFAULT_GRADE_CUTOFFS, DEFAULT_WEIGHTS, maturityFor } from "./grade.js";

const indicator = (id: string, kind: string, attainment: number | null): IndicatorFigures => ({
  id,
  code: id,
  name: id,
  kind,
  direction: "HIGHER_IS_BETTER",
  target: 100,
  targetLow: null,
  targetHigh: null,
  readings: attainment == null ? 0 : 3,
  actual: attainment,
  attainment,
});

describe("§4.3.2 scoring an evaluation's working", () => {
  it("weights every line so that the points add up to the total, and renormalises around a criterion without data", () => {
    const rows = criterionRows([indicator("A", "EFFICIENCY", 40), indicator("B", "SALES", 80), indicator("C", "SALES", null)], { HIGH: 1, MEDIUM: 0, LOW: 0 });
    const s = score(rows, DEFAULT_WEIGHTS, DEFAULT_GRADE_CUTOFFS);
    expect(s.scores).toEqual({ attainment: 60, compliance: 80, efficiency: 40, effectiveness: 80 });
    expect(s.total).toBe(64); // 0.4 × 60 + 0.2 × 80 + 0.2 × 40 + 0.2 × 80
    expect(s.rows.reduce((x, r) => x + r.points, 0)).toBeCloseTo(s.total, 3);
    expect(s.rows.find((r) => r.key === "ATTAINMENT:C")).toMatchObject({ attainment: null, weight: 0, points: 0, working: "No readings in the period." });
    expect(s.grade).toBe("PASS");
  });

  it("an adjustment replaces the computed attainment and regrades", () => {
    const rows = criterionRows([indicator("A", "EFFICIENCY", 40)], { HIGH: 0, MEDIUM: 0, LOW: 0 });
    const adjusted = rows.map((r) => (r.key === "ATTAINMENT:A" ? { ...r, adjustment: { attainment: 100, reason: "late data", byId: "u", at: "2026-11-30T00:00:00Z" } } : r));
    expect(score(rows, DEFAULT_WEIGHTS, DEFAULT_GRADE_CUTOFFS)).toMatchObject({ total: 55, grade: "FAIL" });
    expect(score(adjusted, DEFAULT_WEIGHTS, DEFAULT_GRADE_CUTOFFS)).toMatchObject({ total: 85, grade: "GOOD" }); // 0.5 × 100 + 0.25 × 100 + 0.25 × 40;
  });
});

describe("§4.3.1 maturity levels 1-5", () => {
  it("steps at 40, 60, 80 and 90", () => {
    expect([0, 39.9, 40, 59.9, 60, 79.9, 80, 89.9, 90, 100].map(maturityFor)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });
});
