import { describe, expect, it } from "vitest";
import { DEFAULT_WEIGHTS, gradeFor, totalScore } from "./grade.js";

describe("evaluation grades (§4.3.3)", () => {
  it("grades at the 90 / 80 / 60 cut-offs", () => {
    expect(gradeFor(100)).toBe("EXCELLENT");
    expect(gradeFor(90)).toBe("EXCELLENT");
    expect(gradeFor(89.9)).toBe("GOOD");
    expect(gradeFor(80)).toBe("GOOD");
    expect(gradeFor(79.9)).toBe("PASS");
    expect(gradeFor(60)).toBe("PASS");
    expect(gradeFor(59.9)).toBe("FAIL");
    expect(gradeFor(0)).toBe("FAIL");
  });

  it("takes other cut-offs when configured", () => {
    expect(gradeFor(85, { EXCELLENT: 85, GOOD: 75, PASS: 65 })).toBe("EXCELLENT");
    expect(gradeFor(62, { EXCELLENT: 85, GOOD: 75, PASS: 65 })).toBe("FAIL");
  });

  it("rejects a total that is not a number", () => {
    expect(() => gradeFor(Number.NaN)).toThrow(RangeError);
  });

  it("weights the criteria of §4.3.2 0.4 / 0.2 / 0.2 / 0.2", () => {
    const w = DEFAULT_WEIGHTS;
    expect(w.attainment + w.compliance + w.efficiency + w.effectiveness).toBeCloseTo(1);
    expect(totalScore({ attainment: 50, compliance: 70, efficiency: 60, effectiveness: 55 })).toBe(57);
    expect(totalScore({ attainment: 95, compliance: 90, efficiency: 88, effectiveness: 92 })).toBe(92);
  });
});
