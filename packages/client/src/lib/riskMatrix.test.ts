import { describe, expect, it } from "vitest";
import { cellLevel, matrixRows, movement, parseCellKey } from "./riskMatrix";

// §5.1.2: likelihood × impact, level from the risk matrix, movement since the previous assessment.
describe("risk matrix", () => {
  it("gives the same levels as the server's matrix", () => {
    expect(cellLevel(1, 5)).toBe("LOW");
    expect(cellLevel(2, 3)).toBe("MEDIUM");
    expect(cellLevel(3, 4)).toBe("HIGH");
    expect(cellLevel(4, 5)).toBe("EXTREME");
  });

  it("lays out 5 rows from impact 5 down, filling missing cells", () => {
    const rows = matrixRows([{ likelihood: 2, impact: 5, count: 3, movedIn: 1, riskIds: ["a", "b", "c"] }]);
    expect(rows).toHaveLength(5);
    expect(rows[0].map((c) => c.impact)).toEqual([5, 5, 5, 5, 5]);
    expect(rows[0][1].count).toBe(3);
    expect(rows[4][0]).toEqual({ likelihood: 1, impact: 1, count: 0, movedIn: 0, riskIds: [] });
  });

  it("says where a risk moved from and whether it got worse", () => {
    expect(movement({ likelihood: 4, impact: 4 }, { likelihood: 3, impact: 4 })).toEqual({ from: [3, 4], worse: true });
    expect(movement({ likelihood: 2, impact: 4 }, { likelihood: 3, impact: 4 })).toEqual({ from: [3, 4], worse: false });
    expect(movement({ likelihood: 2, impact: 4 }, { likelihood: 2, impact: 4 })).toBeNull();
    expect(movement({ likelihood: 2, impact: 4 }, null)).toBeNull();
  });

  it("parses cell keys from the address", () => {
    expect(parseCellKey("3-4")).toEqual({ likelihood: 3, impact: 4 });
    expect(parseCellKey("0-4")).toBeNull();
    expect(parseCellKey(null)).toBeNull();
  });
});
