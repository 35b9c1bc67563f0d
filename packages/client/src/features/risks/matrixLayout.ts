/**
 * Laying out the server's 5×5 risk matrix (§5.1.2) for the heat map. Levels and scores are the
 * server's (`RiskMatrixCell.level`, `RiskAssessment.score`); nothing here decides a level.
 */

export const SCALE = [1, 2, 3, 4, 5] as const;

/** Rows for drawing: impact 5 (top) to 1, each with likelihood 1 to 5, from the cells the server sent. */
export function matrixRows<C extends { likelihood: number; impact: number }>(cells: readonly C[]): C[][] {
  const at = new Map(cells.map((c) => [`${c.likelihood}:${c.impact}`, c]));
  return [...SCALE].reverse().map((impact) => SCALE.flatMap((likelihood) => at.get(`${likelihood}:${impact}`) ?? []));
}

interface Assessed {
  likelihood: number;
  impact: number;
  score: number;
}

/** How a risk moved since its previous assessment (worse: a higher score); null when it did not. */
export function movement(latest: Assessed | null, previous: Assessed | null): { from: [number, number]; worse: boolean } | null {
  if (!latest || !previous) return null;
  if (latest.likelihood === previous.likelihood && latest.impact === previous.impact) return null;
  return { from: [previous.likelihood, previous.impact], worse: latest.score > previous.score };
}

/** Parses a "l-i" cell key (from the address) into a valid cell, or null. */
export function parseCellKey(key: string | null): { likelihood: number; impact: number } | null {
  const m = key?.match(/^([1-5])-([1-5])$/);
  return m ? { likelihood: Number(m[1]), impact: Number(m[2]) } : null;
}
