import { describe, expect, it } from "vitest";
import { matrixRows, movement, parseCellKey } from "./matrixLayout";

// §5.1.2: the heat map lays out the server's cells and says how a risk moved since its previous
// assessment; the levels and scores come from the server.
describe("risk matrix layout", () => {
  const cells = [1, 2, 3, 4, 5].flatMap((likelihood) => [1, 2, 3, 4, 5].map((impact) => ({ likelihood, impact, count: likelihood === 2 && impact === 5 ? 3 : 0 })));

  it("lays out 5 rows from impact 5 down, likelihood 1 to 5 across", () => {
    const rows = matrixRows(cells);
    expect(rows).toHaveLength(5);
    expect(rows[0].map((c) => c.impact)).toEqual([5, 5, 5, 5, 5]);
    expect(rows[0].map((c) => c.likelihood)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0][1].count).toBe(3);
    expect(rows[4][0]).toMatchObject({ likelihood: 1, impact: 1 });
  });

  it("says where a risk moved from and whether its score got worse", () => {
    expect(movement({ likelihood: 4, impact: 4, score: 16 }, { likelihood: 3, impact: 4, score: 12 })).toEqual({ from: [3, 4], worse: true });
    expect(movement({ likelihood: 2, impact: 4, score: 8 }, { likelihood: 3, impact: 4, score: 12 })).toEqual({ from: [3, 4], worse: false });
    expect(movement({ likelihood: 2, impact: 4, score: 8 }, { likelihood: 2, impact: 4, score: 8 })).toBeNull();
    expect(movement({ likelihood: 2, impact: 4, score: 8 }, null)).toBeNull();
  });

  it("parses cell keys from the address", () => {
    expect(parseCellKey("3-4")).toEqual({ likelihood: 3, impact: 4 });
    expect(parseCellKey("0-4")).toBeNull();
    expect(parseCellKey(null)).toBeNull();
  });
});
