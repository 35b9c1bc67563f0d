/**
 * The 5×5 risk matrix of §5.1.2 as the heat map draws it. Levels follow the server's matrix:
 * score = likelihood × impact; ≥ 20 EXTREME, ≥ 12 HIGH, ≥ 6 MEDIUM, else LOW.
 */
export type RiskLevel = "LOW" | "MEDIUM" | "HIGH" | "EXTREME";

export interface MatrixCell {
  likelihood: number;
  impact: number;
  count: number;
  movedIn: number;
  riskIds: string[];
}

export const SCALE = [1, 2, 3, 4, 5] as const;

/** The level of a cell of the matrix. */
export function cellLevel(likelihood: number, impact: number): RiskLevel {
  const score = likelihood * impact;
  return score >= 20 ? "EXTREME" : score >= 12 ? "HIGH" : score >= 6 ? "MEDIUM" : "LOW";
}

/**
 * Rows for drawing: impact 5 (top) to 1, each with likelihood 1 to 5; cells the server did not
 * send are empty.
 */
export function matrixRows(cells: readonly MatrixCell[]): MatrixCell[][] {
  const at = new Map(cells.map((c) => [`${c.likelihood}:${c.impact}`, c]));
  return [...SCALE].reverse().map((impact) =>
    SCALE.map((likelihood) => at.get(`${likelihood}:${impact}`) ?? { likelihood, impact, count: 0, movedIn: 0, riskIds: [] }),
  );
}

/** How a risk moved since its previous assessment: null when it did not (or has no previous one). */
export function movement(latest: { likelihood: number; impact: number } | null, previous: { likelihood: number; impact: number } | null): { from: [number, number]; worse: boolean } | null {
  if (!latest || !previous) return null;
  if (latest.likelihood === previous.likelihood && latest.impact === previous.impact) return null;
  return { from: [previous.likelihood, previous.impact], worse: latest.likelihood * latest.impact > previous.likelihood * previous.impact };
}

/** Parses a "l-i" cell key (from the address) into a valid cell, or null. */
export function parseCellKey(key: string | null): { likelihood: number; impact: number } | null {
  const m = key?.match(/^([1-5])-([1-5])$/);
  return m ? { likelihood: Number(m[1]), impact: Number(m[2]) } : null;
}
