import { describe, expect, it } from "vitest";
import { riskLevel, riskScore } from "./matrix.js";

describe("risk matrix (§5.1.2)", () => {
  it("scores likelihood × impact", () => {
    expect(riskScore(1, 1)).toBe(1);
    expect(riskScore(3, 4)).toBe(12);
    expect(riskScore(5, 5)).toBe(25);
  });

  it("levels the score at 20 / 12 / 6", () => {
    expect(riskLevel(1, 5)).toBe("LOW"); // 5
    expect(riskLevel(2, 3)).toBe("MEDIUM"); // 6
    expect(riskLevel(3, 4)).toBe("HIGH"); // 12
    expect(riskLevel(4, 3)).toBe("HIGH"); // 12
    expect(riskLevel(3, 3)).toBe("MEDIUM"); // 9
    expect(riskLevel(4, 4)).toBe("HIGH"); // 16
    expect(riskLevel(4, 5)).toBe("EXTREME"); // 20
    expect(riskLevel(5, 5)).toBe("EXTREME"); // 25
  });

  it("gives every cell of the 5×5 matrix one level", () => {
    const counts: Record<string, number> = {};
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) counts[riskLevel(l, i)] = (counts[riskLevel(l, i)] ?? 0) + 1;
    expect(counts).toEqual({ LOW: 10, MEDIUM: 7, HIGH: 5, EXTREME: 3 });
  });

  it("rejects values off the 1-5 scale", () => {
    expect(() => riskLevel(0, 3)).toThrow(RangeError);
    expect(() => riskLevel(3, 6)).toThrow(RangeError);
    expect(() => riskScore(2.5, 2)).toThrow(RangeError);
  });
});
